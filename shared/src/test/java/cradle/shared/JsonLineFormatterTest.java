package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {
  @Test
  void format_runLog_isOneCloudLoggingJsonLineWithRunFields() {
    RunMessage run = RunMessage.start("r-1", LocalDate.parse("2026-11-25"), Stage.PUBLISH);
    LogRecord record;
    try (LogCapture capture = new LogCapture()) {
      Log.forRun(run).error("tab\there \"quoted\"\nnext", null, "rows", 3);
      record = capture.records().get(0);
    }

    String line = new JsonLineFormatter().format(record);

    assertTrue(line.endsWith(System.lineSeparator()));
    assertEquals(1, line.strip().lines().count(), "one line: " + line);
    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
    assertEquals("ERROR", json.get("severity").getAsString());
    assertEquals("tab\there \"quoted\"\nnext", json.get("message").getAsString());
    assertEquals("r-1", json.get("run_id").getAsString());
    assertEquals("publish", json.get("stage").getAsString());
    assertEquals("2026-11-25", json.get("run_date").getAsString());
    assertEquals(3, json.get("rows").getAsInt());
  }

  @Test
  void format_lineOver256Kb_cutsTheMessagesMiddle_keepingItsStartAndStackTrace() {
    String start = "report rows rejected: ";
    String huge = start + "é".repeat(200_000) + "x".repeat(100_000); // 500 KB of UTF-8
    LogRecord record;
    try (LogCapture capture = new LogCapture()) {
      Log.root()
          .error(huge, new IllegalStateException("the cause"), "examples", "y".repeat(300_000));
      record = capture.records().get(0);
    }

    String line = new JsonLineFormatter().format(record);

    assertTrue(
        line.getBytes(StandardCharsets.UTF_8).length <= JsonLineFormatter.MAX_LINE_BYTES + 1,
        "under Cloud Logging's limit: " + line.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(1, line.strip().lines().count());
    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
    String message = json.get("message").getAsString();
    assertTrue(message.startsWith(start + "éé"), message.substring(0, 40));
    assertTrue(message.contains(" characters cut: Cloud Logging drops entries over 256 KB"));
    assertTrue(message.contains("java.lang.IllegalStateException: the cause"), "the trace is kept");
    assertTrue(message.strip().endsWith(")"), "down to the trace's last frame");
    assertTrue(json.get("message_truncated_bytes").getAsInt() > 500_000);
    assertTrue(json.get("examples").getAsString().length() < 5_000, "a long field is cut");
    assertEquals("ERROR", json.get("severity").getAsString());
  }

  @Test
  void format_lineUnderTheLimit_isWhole() {
    String message = "x".repeat(200_000);
    LogRecord record;
    try (LogCapture capture = new LogCapture()) {
      Log.root().info(message);
      record = capture.records().get(0);
    }

    JsonObject json =
        JsonParser.parseString(new JsonLineFormatter().format(record)).getAsJsonObject();

    assertEquals(message, json.get("message").getAsString());
    assertEquals(null, json.get("message_truncated_bytes"));
  }

  @Test
  void format_exception_appendsStackTraceToMessage() {
    LogRecord record;
    try (LogCapture capture = new LogCapture()) {
      Log.root().warning("plain");
      Log.root().error("boom", new IllegalStateException("why"));
      record = capture.records().get(1);
      assertEquals(
          "WARNING",
          JsonParser.parseString(new JsonLineFormatter().format(capture.records().get(0)))
              .getAsJsonObject()
              .get("severity")
              .getAsString());
    }

    String message =
        JsonParser.parseString(new JsonLineFormatter().format(record))
            .getAsJsonObject()
            .get("message")
            .getAsString();

    assertTrue(message.startsWith("boom\njava.lang.IllegalStateException: why"), message);
  }

  @Test
  void format_fieldValues_keepTheirJsonTypes_othersBecomeText() {
    LogRecord record;
    try (LogCapture capture = new LogCapture()) {
      Log.root()
          .info(
              "fields",
              "count",
              3,
              "ratio",
              0.5,
              "ok",
              true,
              "name",
              "n",
              "none",
              null,
              "list",
              java.util.List.of(1, 2),
              "map",
              Map.of("k", "v"),
              "date",
              LocalDate.parse("2026-11-25"));
      record = capture.records().get(0);
    }

    JsonObject json =
        JsonParser.parseString(new JsonLineFormatter().format(record)).getAsJsonObject();

    assertEquals("INFO", json.get("severity").getAsString());
    assertTrue(json.get("count").getAsJsonPrimitive().isNumber());
    assertEquals(3, json.get("count").getAsInt());
    assertEquals(0.5, json.get("ratio").getAsDouble());
    assertTrue(json.get("ok").getAsJsonPrimitive().isBoolean());
    assertTrue(json.get("name").getAsJsonPrimitive().isString());
    assertTrue(json.get("none").isJsonNull());
    assertEquals("[1,2]", json.get("list").toString());
    assertEquals("{\"k\":\"v\"}", json.get("map").toString());
    assertEquals("2026-11-25", json.get("date").getAsString());
  }

  @Test
  void severity_mapsEveryJavaLevelToCloudLogging() {
    assertEquals("ERROR", JsonLineFormatter.severity(java.util.logging.Level.SEVERE));
    assertEquals("WARNING", JsonLineFormatter.severity(java.util.logging.Level.WARNING));
    assertEquals("INFO", JsonLineFormatter.severity(java.util.logging.Level.INFO));
    assertEquals("DEBUG", JsonLineFormatter.severity(java.util.logging.Level.CONFIG));
    assertEquals("DEBUG", JsonLineFormatter.severity(java.util.logging.Level.FINE));
  }

  @Test
  void format_aRecordFromElsewhere_hasNoExtraFields() {
    LogRecord record = new LogRecord(java.util.logging.Level.FINE, "from a library");
    record.setParameters(new Object[] {"not", "fields"});

    JsonObject json =
        JsonParser.parseString(new JsonLineFormatter().format(record)).getAsJsonObject();

    assertEquals("DEBUG", json.get("severity").getAsString());
    assertEquals(java.util.Set.of("severity", "message", "time"), json.keySet());
  }
}

package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.testing.LogCapture;
import java.time.LocalDate;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {
  @Test
  void format_runLog_isOneCloudLoggingJsonLineWithRunFields() {
    RunMessage run =
        new RunMessage(1, "r-1", LocalDate.parse("2026-11-25"), Stage.PUBLISH, 1, Map.of(), false);
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
}

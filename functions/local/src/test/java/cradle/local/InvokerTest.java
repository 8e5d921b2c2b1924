package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function served by the real Functions Framework invoker (java-function-invoker 2.0.0, local
 * profile) handles real Pub/Sub CloudEvents over HTTP, in binary and structured mode.
 */
class InvokerTest {
  private static final LocalDate END =
      LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1);
  private static final Map<Stage, String> TARGETS =
      Map.of(
          Stage.ANALYZE, "cradle.analyze.AnalyzeFunction",
          Stage.NOTEBOOK, "cradle.notebook.NotebookFunction",
          Stage.AWAIT, "cradle.await.AwaitFunction",
          Stage.PUBLISH, "cradle.publish.PublishFunction");

  @TempDir static Path dir;
  private static Workspace ws;
  private static final Map<Stage, InvokerProcess> invokers = new EnumMap<>(Stage.class);

  @BeforeAll
  static void startInvokers() throws Exception {
    ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalWarehouseFixture.generate(ws.warehouse(), 25, 14, 3, END);
    ws.installNotebookTemplate();
    for (Stage stage : Stage.values()) {
      invokers.put(
          stage,
          InvokerProcess.launch(
              testClassPath(),
              TARGETS.get(stage),
              ws.environment(Map.of()),
              dir.resolve(stage.id() + ".log")));
    }
    for (InvokerProcess invoker : invokers.values()) {
      invoker.awaitReady();
    }
  }

  @AfterAll
  static void stopInvokers() {
    invokers.values().forEach(InvokerProcess::close);
  }

  /** Surefire starts tests from a manifest-only jar; the real class path is in this property. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static HttpResponse<String> deliver(
      Stage stage, String envelope, String id, boolean binary) throws Exception {
    String topic = "cradle-" + stage.id();
    InvokerProcess invoker = invokers.get(stage);
    return binary ? invoker.binary(envelope, id, topic) : invoker.structured(envelope, id, topic);
  }

  /** Runs a whole run through the four invokers, delivering each hand-off in the given mode. */
  private void runChain(String runId, boolean startBinary) throws Exception {
    FileTopics topics = new FileTopics(ws.out().resolve("pubsub"), Clock.systemUTC());
    String first =
        RunMessageCodec.encode(
                RunMessage.start(runId, END, Stage.ANALYZE), UUID.randomUUID().toString())
            .toEventData("local/analyze");
    String envelope = first;
    boolean binary = startBinary;
    for (Stage stage : Stage.values()) {
      String id =
          JsonParser.parseString(envelope)
              .getAsJsonObject()
              .getAsJsonObject("message")
              .get("messageId")
              .getAsString();
      HttpResponse<String> response = deliver(stage, envelope, id, binary);
      assertEquals(200, response.statusCode(), stage + ": " + response.body() + "\n" + log(stage));
      binary = !binary;
      if (stage.next().isPresent()) {
        Path handedOff =
            topics.pending(stage.next().get()).stream()
                .filter(p -> read(p).contains(runId))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError(stage + " handed nothing off:\n" + log(stage)));
        envelope = Files.readString(handedOff);
        Files.delete(handedOff);
      }
    }
    JsonObject db = JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject();
    assertEquals(runId, db.getAsJsonObject("reports_meta").get("run_id").getAsString());
    int published =
        db.getAsJsonObject("reports").entrySet().stream()
            .mapToInt(u -> u.getValue().getAsJsonObject().size())
            .sum();
    assertEquals(
        LocalWarehouseFixture.babiesWithEventsInWindow(ws.warehouse(), END, ReportRun.TOKYO),
        published);
    assertEquals(published, db.getAsJsonObject("reports_meta").get("reports").getAsInt());
  }

  private static String log(Stage stage) {
    return read(invokers.get(stage).output);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyFunction_handlesBinaryThenStructuredEvents() throws Exception {
    runChain("invoker-binary-first", true);
    runChain("invoker-structured-first", false);
  }

  @Test
  void invalidMessage_isAcknowledgedAndLoggedAsOneErrorLine() throws Exception {
    String envelope =
        new PubSubMessage(
                "bad-1",
                Instant.now(),
                Map.of(),
                "{\"run_date\":\"someday\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toEventData("s");

    HttpResponse<String> response = deliver(Stage.PUBLISH, envelope, "bad-1", true);

    assertEquals(200, response.statusCode(), "acknowledged, so Pub/Sub does not retry it");
    Thread.sleep(200);
    String errorLine =
        log(Stage.PUBLISH)
            .lines()
            .filter(
                l ->
                    l.startsWith("{")
                        && l.contains("\"severity\":\"ERROR\"")
                        && l.contains("bad-1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(log(Stage.PUBLISH)));
    JsonObject json = JsonParser.parseString(errorLine).getAsJsonObject();
    assertTrue(
        json.get("message").getAsString().contains("run_date: 'someday' is not a date"), errorLine);
    assertEquals("publish", json.get("stage").getAsString());
  }
}

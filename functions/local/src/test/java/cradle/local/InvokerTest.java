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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
  private static final Map<Stage, Process> invokers = new EnumMap<>(Stage.class);
  private static final Map<Stage, Integer> ports = new EnumMap<>(Stage.class);
  private static final Map<Stage, Path> outputs = new EnumMap<>(Stage.class);
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startInvokers() throws Exception {
    ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalWarehouseFixture.generate(ws.warehouse(), 25, 14, 3, END);
    ws.installNotebookTemplate();
    Path jar = Path.of("target/invoker/java-function-invoker.jar");
    assertTrue(Files.exists(jar), "the build copies the invoker to " + jar);
    for (Stage stage : Stage.values()) {
      int port = freePort();
      Path output = dir.resolve(stage.id() + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString(),
                  "--classpath",
                  testClassPath(),
                  "--target",
                  TARGETS.get(stage),
                  "--port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      pb.environment().putAll(ws.environment(Map.of()));
      invokers.put(stage, pb.start());
      ports.put(stage, port);
      outputs.put(stage, output);
    }
    for (Stage stage : Stage.values()) {
      awaitReady(stage);
    }
  }

  @AfterAll
  static void stopInvokers() {
    invokers.values().forEach(Process::destroyForcibly);
  }

  /** Surefire starts tests from a manifest-only jar; the real class path is in this property. */
  private static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitReady(Stage stage) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      String out = Files.readString(outputs.get(stage));
      if (out.lines().anyMatch(l -> l.contains("URL:"))) {
        return;
      }
      if (!invokers.get(stage).isAlive()) {
        throw new AssertionError(
            stage + " invoker exited with " + invokers.get(stage).exitValue() + ":\n" + out);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        stage + " invoker not ready:\n" + Files.readString(outputs.get(stage)));
  }

  private static HttpResponse<String> binary(Stage stage, String envelope, String id)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(stage) + "/"))
            .header("ce-id", id)
            .header("ce-type", PubSubMessage.EVENT_TYPE)
            .header(
                "ce-source", "//pubsub.googleapis.com/projects/local/topics/cradle-" + stage.id())
            .header("ce-specversion", "1.0")
            .header("ce-time", Instant.now().toString())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(envelope))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> structured(Stage stage, String envelope, String id)
      throws Exception {
    JsonObject event = new JsonObject();
    event.addProperty("specversion", "1.0");
    event.addProperty("id", id);
    event.addProperty("type", PubSubMessage.EVENT_TYPE);
    event.addProperty(
        "source", "//pubsub.googleapis.com/projects/local/topics/cradle-" + stage.id());
    event.addProperty("time", Instant.now().toString());
    event.addProperty("datacontenttype", "application/json");
    event.add("data", JsonParser.parseString(envelope));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(stage) + "/"))
            .header("Content-Type", "application/cloudevents+json")
            .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
      HttpResponse<String> response =
          binary ? binary(stage, envelope, id) : structured(stage, envelope, id);
      assertEquals(
          200,
          response.statusCode(),
          stage + ": " + response.body() + "\n" + Files.readString(outputs.get(stage)));
      binary = !binary;
      if (stage.next().isPresent()) {
        Path handedOff =
            topics.pending(stage.next().get()).stream()
                .filter(p -> read(p).contains(runId))
                .findFirst()
                .orElseThrow(
                    () ->
                        new AssertionError(
                            stage + " handed nothing off:\n" + read(outputs.get(stage))));
        envelope = Files.readString(handedOff);
        Files.delete(handedOff);
      }
    }
    JsonObject db = JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject();
    assertEquals(runId, db.getAsJsonObject("reports_meta").get("run_id").getAsString());
    assertTrue(db.getAsJsonObject("reports_meta").get("reports").getAsInt() >= 24);
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

    HttpResponse<String> response = binary(Stage.PUBLISH, envelope, "bad-1");

    assertEquals(200, response.statusCode(), "acknowledged, so Pub/Sub does not retry it");
    Thread.sleep(200);
    String errorLine =
        Files.readAllLines(outputs.get(Stage.PUBLISH)).stream()
            .filter(
                l ->
                    l.startsWith("{")
                        && l.contains("\"severity\":\"ERROR\"")
                        && l.contains("bad-1"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(read(outputs.get(Stage.PUBLISH))));
    JsonObject json = JsonParser.parseString(errorLine).getAsJsonObject();
    assertTrue(
        json.get("message").getAsString().contains("run_date: 'someday' is not a date"), errorLine);
    assertEquals("publish", json.get("stage").getAsString());
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalyzeFunction;
import cradle.notebook.NotebookFunction;
import cradle.shared.PubSubMessage;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.PubSubEvents;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local notebook stage executes again for every new request: after a failure caused by the
 * environment, a re-run once it is fixed is a new attempt beside the failed one, and only a
 * redelivery of one message goes on with the attempt that message started.
 */
class NotebookReExecutionTest {
  @TempDir Path dir;

  private final LocalDate end = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);

  /** A workspace over a generated log of {@code babies} babies' 14 days up to {@code end}. */
  private Workspace workspace(int babies) throws Exception {
    Path data = dir.resolve("data");
    LocalWarehouseFixture.generate(data.resolve("warehouse.duckdb"), babies, 14, 2, end);
    Workspace ws = new Workspace(data, dir.resolve("out"));
    ws.installNotebookTemplate();
    return ws;
  }

  @Test
  void aReRunAfterAFailure_executesAgain_besideTheFailedAttempt_aRedeliveryDoesNot()
      throws Exception {
    Workspace ws = workspace(20);
    Map<String, String> env = ws.environment(Map.of());
    Map<String, String> noJupyter = new HashMap<>(env);
    noJupyter.put(LocalProfile.JUPYTER, dir.resolve("no-jupyter-here").toString());

    List<LocalPipeline.StageResult> failed =
        new LocalPipeline(noJupyter, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
            .run(RunMessage.start("run-re", end, Stage.ANALYZE), r -> {});
    assertEquals(Stage.AWAIT, failed.get(failed.size() - 1).stage());
    assertFalse(failed.get(failed.size() - 1).ok());

    List<LocalPipeline.StageResult> retried =
        new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
            .run(RunMessage.start("run-re", end, Stage.NOTEBOOK), r -> {});
    assertTrue(retried.stream().allMatch(LocalPipeline.StageResult::ok), retried.toString());
    assertEquals(
        "run-re",
        JsonParser.parseString(Files.readString(ws.database()))
            .getAsJsonObject()
            .getAsJsonObject("reports_meta")
            .get("run_id")
            .getAsString());

    Path notebooks = ws.bucket().resolve("runs/" + end + "/run-re/notebook");
    assertEquals(List.of("FAILED", "SUCCEEDED"), attemptStates(notebooks));

    // one message delivered twice: the second delivery goes on with the first's execution
    StageFunction notebook = NotebookFunction.ENTRY.instance(env, Clock.systemUTC());
    CloudEvent once =
        PubSubEvents.of(
            RunMessage.start("run-re", end, Stage.NOTEBOOK),
            "m-twice",
            Clock.systemUTC().instant());
    notebook.accept(once);
    Path attempt = notebooks.resolve("a" + sha256Hex("m-twice").substring(0, 8));
    String execution = Files.readString(attempt.resolve("output/execution.json"));
    notebook.accept(once);
    assertEquals(execution, Files.readString(attempt.resolve("output/execution.json")));
    assertEquals(List.of("FAILED", "SUCCEEDED", "SUCCEEDED"), attemptStates(notebooks));
    List<RunEvent> notebookEnds =
        new FileRunEvents(ws.out().resolve("events.jsonl"))
            .read().stream()
                .filter(e -> e.stage().equals("notebook") && e.event() != RunEvent.Kind.STARTED)
                .filter(e -> "m-twice".equals(e.messageId()))
                .toList();
    assertEquals(2, notebookEnds.size(), notebookEnds.toString());
    assertEquals(null, notebookEnds.get(0).reason());
    assertEquals(0, ((Number) notebookEnds.get(0).counts().get("reused")).intValue());
    assertEquals(1, ((Number) notebookEnds.get(1).counts().get("reused")).intValue());
    assertTrue(
        notebookEnds.get(1).reason().startsWith("duplicate delivery: went on with attempt a"),
        notebookEnds.get(1).reason());
  }

  /**
   * Analyze's message delivered twice hands off twice: two messages on the notebook topic, each
   * with its own id, but one request. The notebook stage takes both as one attempt: one execution,
   * the second delivery going on with it and saying so.
   */
  @Test
  void analyzeDeliveredTwice_handsOffTwice_oneNotebookAttempt() throws Exception {
    Workspace ws = workspace(10);
    Map<String, String> env = ws.environment(Map.of());
    CloudEvent analyzeOnce =
        PubSubEvents.of(
            RunMessage.start("run-dup", end, Stage.ANALYZE),
            "analyze-m1",
            Clock.systemUTC().instant());
    StageFunction analyze = AnalyzeFunction.ENTRY.instance(env, Clock.systemUTC());
    analyze.accept(analyzeOnce);
    analyze.accept(analyzeOnce);

    List<Path> handOffs =
        new FileTopics(ws.out().resolve("pubsub"), Clock.systemUTC()).pending(Stage.NOTEBOOK);
    assertEquals(2, handOffs.size());
    StageFunction notebook = NotebookFunction.ENTRY.instance(env, Clock.systemUTC());
    List<String> messageIds = new ArrayList<>();
    for (Path handOff : handOffs) {
      CloudEvent event =
          cradle.local.PubSubEvents.fromEnvelope(Files.readString(handOff), "cradle-notebook");
      messageIds.add(PubSubMessage.fromCloudEvent(event).messageId());
      notebook.accept(event);
    }
    assertNotEquals(messageIds.get(0), messageIds.get(1));

    Path notebooks = ws.bucket().resolve("runs/" + end + "/run-dup/notebook");
    String attempt = "a" + sha256Hex("analyze-m1").substring(0, 8);
    try (Stream<Path> attempts = Files.list(notebooks)) {
      assertEquals(List.of(attempt), attempts.map(a -> a.getFileName().toString()).toList());
    }
    assertEquals(List.of("SUCCEEDED"), attemptStates(notebooks));
    List<RunEvent> notebookEnds =
        new FileRunEvents(ws.out().resolve("events.jsonl"))
            .read().stream()
                .filter(e -> e.stage().equals("notebook") && e.event() != RunEvent.Kind.STARTED)
                .toList();
    assertEquals(
        List.of(0, 1),
        notebookEnds.stream().map(e -> ((Number) e.counts().get("reused")).intValue()).toList());
    assertEquals(
        "duplicate delivery: went on with attempt " + attempt, notebookEnds.get(1).reason());
  }

  /**
   * A re-run of the notebook for a published run writes its report beside the first attempt's,
   * which stays. Without force, publish leaves the published attempt in the database; a replay of
   * publish that names no report reads the attempt await confirmed last, and publishing it retires
   * the baby that only the first attempt reported (read from that attempt's own rows).
   */
  @Test
  void aReRun_keepsEachAttemptsReport_aReplayOfPublishPublishesTheConfirmedOne() throws Exception {
    Workspace ws = workspace(12);
    LocalPipeline pipeline = pipeline(ws);
    Path run = ws.run(end.toString(), "run-two");

    assertOk(pipeline.run(RunMessage.start("run-two", end, Stage.ANALYZE), r -> {}));
    Path first = ws.runReport(run).orElseThrow();
    List<String> firstRows = Files.readAllLines(first);
    assertEquals(keys(firstRows), keys(database(ws)));

    // the second attempt reads analysis rows without the first baby
    Path shard = ws.runAnalysis(run).resolve("rows-000.jsonl");
    List<String> analysis = Files.readAllLines(shard);
    Files.write(shard, analysis.subList(1, analysis.size()));
    String dropped = key(JsonParser.parseString(analysis.get(0)).getAsJsonObject());
    assertOk(pipeline.run(RunMessage.start("run-two", end, Stage.NOTEBOOK), r -> {}));

    Path second = ws.runReport(run).orElseThrow();
    assertNotEquals(first, second);
    assertEquals(firstRows, Files.readAllLines(first), "the first attempt's report is kept");
    List<String> secondRows = Files.readAllLines(second);
    assertEquals(firstRows.size() - 1, secondRows.size());
    assertTrue(keys(firstRows).contains(dropped));
    assertFalse(keys(secondRows).contains(dropped));
    assertEquals(
        keys(firstRows), keys(database(ws)), "published before: the database keeps attempt one");

    // ./cradle run --from-stage publish --force: no report named, the confirmed one is read
    assertOk(
        pipeline.run(RunMessage.start("run-two", end, Stage.PUBLISH).withForce(true), r -> {}));
    JsonObject db = database(ws);
    assertEquals(keys(secondRows), keys(db));
    for (String row : secondRows) {
      JsonObject r = JsonParser.parseString(row).getAsJsonObject();
      JsonObject node =
          db.getAsJsonObject("reports")
              .getAsJsonObject(r.remove("user_id").getAsString())
              .getAsJsonObject(r.remove("baby_id").getAsString());
      assertEquals(r, node);
    }
    assertEquals(
        second.getParent().toUri().toString(),
        db.getAsJsonObject("reports_meta").get("report").getAsString());
  }

  /**
   * A replay of analyze (here after one baby's events left the warehouse, as after a change to the
   * SQL) exports beside the first attempt's rows, which stay as they were; the run goes on with the
   * new rows, and a re-run of the notebook that names no analysis reads the attempt completed last.
   */
  @Test
  void aReplayOfAnalyze_keepsEachAttemptsRows_aNotebookReRunReadsTheLatest() throws Exception {
    Workspace ws = workspace(12);
    LocalPipeline pipeline = pipeline(ws);
    Path run = ws.run(end.toString(), "run-sql");

    assertOk(pipeline.run(RunMessage.start("run-sql", end, Stage.ANALYZE), r -> {}));
    Path firstAnalysis = ws.runAnalysis(run);
    byte[] firstRows = Files.readAllBytes(firstAnalysis.resolve("rows-000.jsonl"));
    String gone =
        key(
            JsonParser.parseString(
                    Files.readAllLines(firstAnalysis.resolve("rows-000.jsonl")).get(0))
                .getAsJsonObject());
    try (var c = DuckDbWarehouse.connect(ws.warehouse());
        var delete = c.prepareStatement("DELETE FROM events WHERE user_id = ? AND baby_id = ?")) {
      delete.setString(1, gone.substring(0, gone.indexOf('/')));
      delete.setString(2, gone.substring(gone.indexOf('/') + 1));
      assertTrue(delete.executeUpdate() > 0);
    }

    // forced: the run was published, and a re-run is not published over it otherwise
    assertOk(
        pipeline.run(RunMessage.start("run-sql", end, Stage.ANALYZE).withForce(true), r -> {}));
    Path secondAnalysis = ws.runAnalysis(run);
    assertNotEquals(firstAnalysis, secondAnalysis);
    assertEquals(firstAnalysis.getParent(), secondAnalysis.getParent());
    assertArrayEquals(
        firstRows,
        Files.readAllBytes(firstAnalysis.resolve("rows-000.jsonl")),
        "the first attempt's rows are kept as they were");
    Set<String> secondKeys = keys(Files.readAllLines(secondAnalysis.resolve("rows-000.jsonl")));
    assertFalse(secondKeys.contains(gone));
    assertEquals(secondKeys, keys(database(ws)), "the replay's rows were published");

    // ./cradle run --from-stage notebook: no analysis named, the one completed last is read
    assertOk(pipeline.run(RunMessage.start("run-sql", end, Stage.NOTEBOOK), r -> {}));
    Path report = ws.runReport(run).orElseThrow();
    String input = Files.readString(report.getParent().getParent().resolve("input.ipynb"));
    assertTrue(input.contains(secondAnalysis.toUri().toString()), input);
    assertEquals(secondKeys, keys(Files.readAllLines(report)));
  }

  private static LocalPipeline pipeline(Workspace ws) {
    return new LocalPipeline(
        ws.environment(Map.of()), ws.out(), Clock.systemUTC(), Duration.ofMillis(100));
  }

  private static void assertOk(List<LocalPipeline.StageResult> results) {
    assertTrue(results.stream().allMatch(LocalPipeline.StageResult::ok), results.toString());
  }

  private static JsonObject database(Workspace ws) throws Exception {
    return JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject();
  }

  private static String key(JsonObject row) {
    return row.get("user_id").getAsString() + "/" + row.get("baby_id").getAsString();
  }

  private static Set<String> keys(List<String> rows) {
    Set<String> keys = new TreeSet<>();
    rows.forEach(r -> keys.add(key(JsonParser.parseString(r).getAsJsonObject())));
    return keys;
  }

  /** The user/baby keys of the database's reports. */
  private static Set<String> keys(JsonObject db) {
    Set<String> keys = new TreeSet<>();
    db.getAsJsonObject("reports")
        .entrySet()
        .forEach(
            u ->
                u.getValue()
                    .getAsJsonObject()
                    .keySet()
                    .forEach(b -> keys.add(u.getKey() + "/" + b)));
    return keys;
  }

  /** The state of each attempt's execution, oldest first. */
  private static List<String> attemptStates(Path notebooks) throws Exception {
    try (Stream<Path> attempts = Files.list(notebooks)) {
      return attempts
          .map(a -> a.resolve("output/execution.json"))
          .filter(Files::exists)
          .map(NotebookReExecutionTest::json)
          .sorted(
              (a, b) -> a.get("started").getAsString().compareTo(b.get("started").getAsString()))
          .map(s -> s.get("state").getAsString())
          .toList();
    }
  }

  private static JsonObject json(Path p) {
    try {
      return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256Hex(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}

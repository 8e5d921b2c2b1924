package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.cli.CradleCli;
import cradle.publish.JsonFileDatabase;
import cradle.publish.PublishFunction;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.testing.PubSubEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash anywhere is recoverable: in the middle of a publish, and between two stages. */
class CrashRecoveryTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-25");
  private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");

  @TempDir Path dir;

  /**
   * The database, failing like a dying instance after {@code allowed} writes; checks every state.
   */
  private static final class CrashingSink implements ReportSink {
    private final JsonFileDatabase db;
    private final int allowed;
    private final Map<String, JsonElement> runA;
    private final Map<String, JsonElement> runB;
    private int writes;

    CrashingSink(
        Path file, int allowed, Map<String, JsonElement> runA, Map<String, JsonElement> runB) {
      this.db = new JsonFileDatabase(file);
      this.allowed = allowed;
      this.runA = runA;
      this.runB = runB;
    }

    @Override
    public CompletableFuture<Void> submit(cradle.shared.reshape.UpdateChunk updates)
        throws IOException {
      if (writes++ >= allowed) {
        throw new IOException("connection reset (the instance died)");
      }
      db.submit(updates);
      JsonObject reports = db.read("reports").getAsJsonObject();
      for (String user : reports.keySet()) {
        JsonElement node = reports.getAsJsonObject(user).get("b1");
        assertTrue(
            node.equals(runA.get(user)) || node.equals(runB.get(user)),
            "reports/" + user + "/b1 mixes two runs: " + node);
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public JsonElement read(String path) throws IOException {
      return db.read(path);
    }

    @Override
    public Transacted transact(
        String path,
        java.util.function.Function<JsonElement, java.util.Optional<JsonElement>> change)
        throws IOException {
      return db.transact(path, change);
    }
  }

  private static Profile profile(Path out, ReportSink sink) {
    return Profile.of(
        "local",
        Set.of(BlobStore.class, ReportSink.class, HandOff.class),
        env -> {
          env.required(LocalProfile.LOCAL_DIR);
          return PortAdapters.builder()
              .blobs(new FileBlobStore(out.resolve("gcs")))
              .reportSink(sink)
              .handOff(new FileTopics(out.resolve("pubsub"), Clock.systemUTC()))
              .build();
        });
  }

  private static Map<String, JsonElement> writeRun(Workspace ws, String runId, int babies)
      throws IOException {
    Path file = ws.bucket().resolve("runs/" + DAY + "/" + runId + "/report/report.jsonl");
    Files.createDirectories(file.getParent());
    StringBuilder rows = new StringBuilder();
    Map<String, JsonElement> nodes = new HashMap<>();
    IntStream.range(0, babies)
        .forEach(
            i -> {
              String value =
                  "{\"sleep_min\":"
                      + (runId.hashCode() % 100 + i)
                      + ",\"run_id\":\""
                      + runId
                      + "\"}";
              rows.append("{\"user_id\":\"u")
                  .append(i)
                  .append("\",\"baby_id\":\"b1\",")
                  .append(value.substring(1))
                  .append('\n');
              nodes.put("u" + i, JsonParser.parseString(value));
            });
    Files.writeString(file, rows.toString());
    return nodes;
  }

  private static void publish(Workspace ws, String runId, ReportSink sink) throws Exception {
    Map<String, String> env = new HashMap<>(ws.environment(Map.of()));
    env.put("CRADLE_PUBLISH_CHUNK_BYTES", "2048");
    env.put("CRADLE_PUBLISH_CONTRACT", "none"); // rows of their own shape
    RunMessage m = RunMessage.start(runId, DAY, Stage.PUBLISH);
    new PublishFunction(env, Clock.fixed(NOW, ZoneOffset.UTC), profile(ws.out(), sink))
        .accept(PubSubEvents.of(m, "m-" + runId, NOW));
  }

  @Test
  void crashAfterSomeChunks_thenRedelivery_endsIdenticalToACleanRun_neverMixingRuns()
      throws Exception {
    Workspace clean = new Workspace(dir.resolve("data"), dir.resolve("clean"));
    Workspace crashed = new Workspace(dir.resolve("data"), dir.resolve("crashed"));
    Map<String, JsonElement> a = writeRun(clean, "run-a", 300);
    Map<String, JsonElement> b = writeRun(clean, "run-b", 300);
    writeRun(crashed, "run-a", 300);
    writeRun(crashed, "run-b", 300);
    publish(clean, "run-a", new JsonFileDatabase(clean.database()));
    publish(clean, "run-b", new JsonFileDatabase(clean.database()));
    publish(crashed, "run-a", new JsonFileDatabase(crashed.database()));

    assertThrows(
        IOException.class,
        () -> publish(crashed, "run-b", new CrashingSink(crashed.database(), 3, a, b)),
        "a passing fault throws, so Pub/Sub redelivers");
    JsonObject midway =
        JsonParser.parseString(Files.readString(crashed.database())).getAsJsonObject();
    assertEquals(
        "run-a",
        midway.getAsJsonObject("reports_meta").get("run_id").getAsString(),
        "meta is written last");
    publish(crashed, "run-b", new CrashingSink(crashed.database(), Integer.MAX_VALUE, a, b));

    assertEquals(
        JsonParser.parseString(Files.readString(clean.database())),
        JsonParser.parseString(
            Files.readString(crashed.database())
                .replace(crashed.bucket().toUri().toString(), clean.bucket().toUri().toString())));
  }

  @Test
  void lostHandOffBetweenStages_isFinishedByRepublishingIt() throws Exception {
    LocalDate end = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    Path data = dir.resolve("data");
    LocalWarehouseFixture.generate(data.resolve("warehouse.duckdb"), 20, 14, 2, end);
    Workspace clean = new Workspace(data, dir.resolve("clean"));
    Workspace broken = new Workspace(data, dir.resolve("broken"));
    for (Workspace ws : List.of(clean, broken)) {
      ws.installNotebookTemplate();
    }
    Instant started = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
    RunMessage first = RunMessage.start("run-1", end, Stage.ANALYZE).withStartedAt(started);
    new LocalPipeline(
            clean.environment(Map.of()), clean.out(), Clock.systemUTC(), Duration.ofMillis(100))
        .run(first, r -> {});
    new LocalPipeline(
            broken.environment(Map.of()), broken.out(), Clock.systemUTC(), Duration.ofMillis(100))
        .run(first, r -> {}, Stage.ANALYZE);
    FileTopics topics = new FileTopics(broken.out().resolve("pubsub"), Clock.systemUTC());
    for (Path lost : topics.pending(Stage.NOTEBOOK)) {
      Files.delete(lost);
    }

    int code =
        CradleCli.execute(
            "run",
            "--data",
            data.toString(),
            "--out",
            broken.out().toString(),
            "--from-stage",
            "notebook",
            "--run-id",
            "run-1",
            "--date",
            end.toString());

    assertEquals(0, code);
    JsonObject expected =
        JsonParser.parseString(Files.readString(clean.database())).getAsJsonObject();
    JsonObject actual =
        JsonParser.parseString(Files.readString(broken.database())).getAsJsonObject();
    assertEquals(expected.get("reports"), actual.get("reports"));
    assertEquals(
        20,
        actual.getAsJsonObject("reports").entrySet().stream()
            .mapToInt(u -> u.getValue().getAsJsonObject().size())
            .sum(),
        "one report per generated baby");
    assertEquals("run-1", actual.getAsJsonObject("reports_meta").get("run_id").getAsString());
    assertEquals(
        started.toString(),
        actual.getAsJsonObject("reports_meta").get("started_at").getAsString(),
        "the continued run keeps its start, so a later run's publish is ordered after it");
  }
}

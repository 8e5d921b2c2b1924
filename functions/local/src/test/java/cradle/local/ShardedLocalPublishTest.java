package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.bench.BenchReports;
import cradle.local.cli.CradleCli;
import cradle.publish.ReportShards;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.KeyedRow;
import cradle.shared.reshape.RowReshaper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local profile over two database files ({@code CRADLE_DATABASE_SHARDS=2}), with real report
 * rows and the report contract on: the app's own client finds each family's report in the instance
 * the documented shard function names; a shard that fails leaves the other published, and {@code
 * ./cradle status} names it.
 */
class ShardedLocalPublishTest {
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  private static final int BABIES = 120;

  @TempDir Path dir;

  @Test
  void theAppsClient_readsEachFamilyFromTheInstanceTheDocumentedFunctionNames() throws Exception {
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalDate day = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(2);
    writeRows(ws, day, "run-a", i -> true);

    assertTrue(publish(ws, day, "run-a").stream().allMatch(LocalPipeline.StageResult::ok));

    Map<String, JsonObject> expected = families(i -> true);
    List<String> uids = new ArrayList<>(expected.keySet()).subList(0, 12);
    JsonArray read = appReads(ws, uids);
    assertEquals(uids.size(), read.size());
    int[] perShard = new int[2];
    for (JsonElement e : read) {
      JsonObject r = e.getAsJsonObject();
      String uid = r.get("uid").getAsString();
      perShard[r.get("shard").getAsInt()]++;
      assertEquals(expected.get(uid), numbersAsWritten(r.get("value")), uid);
      assertEquals(JsonNull.INSTANCE, r.getAsJsonArray("elsewhere").get(0), uid + " elsewhere");
    }
    assertTrue(perShard[0] > 0 && perShard[1] > 0, "both instances read from");
  }

  @Test
  void aShardThatFails_leavesTheOtherPublished_andStatusNamesIt() throws Exception {
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalDate day = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(2);
    writeRows(ws, day, "run-a", i -> true);
    publish(ws, day, "run-a");
    // run b lacks every family of shard 1 but one: shard 1's shrink guard refuses it
    ReportShards shards = new ReportShards(2);
    writeRows(ws, day, "run-b", i -> shards.of(uid(i)) == 0 || i < 3);
    String instance1 = Files.readString(LocalProfile.databaseFile(ws.out(), 1));

    List<LocalPipeline.StageResult> results = publish(ws, day, "run-b");

    assertTrue(results.stream().anyMatch(r -> !r.ok()), results.toString());
    assertEquals("run-b", meta(ws, 0).get("run_id").getAsString());
    assertEquals(instance1, Files.readString(LocalProfile.databaseFile(ws.out(), 1)));
    String status = status(ws);
    assertTrue(status.contains(" 1/2 shards published"), status);
    assertTrue(status.contains("  run-b publish shard 1: failed: refusing to publish "), status);
  }

  /**
   * Three instances, and the shard that fails (1) is delivered before another (2): the shards
   * around it still publish the run into their instances, and its own instance keeps the last run.
   */
  @Test
  void aShardThatFailsBeforeTheLastDelivered_leavesTheShardsAfterItToPublish() throws Exception {
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalDate day = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(2);
    ReportShards shards = new ReportShards(3);
    writeRows(ws, day, "run-a", 7, i -> true);
    assertTrue(publish(ws, day, "run-a", 3).stream().allMatch(LocalPipeline.StageResult::ok));
    // run b: other families (seed 8), of shard 1's only the first: its shrink guard refuses it
    long firstOfShard1 = 0;
    while (shards.of(uid(8, firstOfShard1)) != 1) {
      firstOfShard1++;
    }
    long kept1 = firstOfShard1;
    LongPredicate inRunB = i -> shards.of(uid(8, i)) != 1 || i == kept1;
    writeRows(ws, day, "run-b", 8, inRunB);
    String instance1 = Files.readString(LocalProfile.databaseFile(ws.out(), 1));

    List<LocalPipeline.StageResult> results = publish(ws, day, "run-b", 3);

    // the hand-on to each shard, then shards 0, 1 (refused) and 2, in the order delivered
    assertEquals(
        List.of(true, true, false, true),
        results.stream().map(LocalPipeline.StageResult::ok).toList(),
        results.toString());
    assertTrue(
        results.get(2).error().contains(": refusing to publish 1 reports against "),
        results.get(2).error());
    Map<String, JsonObject> runB = families(8, inRunB);
    for (int shard : new int[] {0, 2}) {
      JsonObject database =
          JsonParser.parseString(Files.readString(LocalProfile.databaseFile(ws.out(), shard)))
              .getAsJsonObject();
      assertEquals("run-b", database.getAsJsonObject("reports_meta").get("run_id").getAsString());
      JsonObject reports = database.getAsJsonObject("reports");
      int published = 0;
      for (Map.Entry<String, JsonObject> family : runB.entrySet()) {
        if (shards.of(family.getKey()) == shard) {
          assertEquals(family.getValue(), reports.get(family.getKey()), family.getKey());
          published++;
        }
      }
      assertTrue(published > 0, "shard " + shard + " has families of run b");
    }
    assertEquals(instance1, Files.readString(LocalProfile.databaseFile(ws.out(), 1)));
    assertEquals("run-a", meta(ws, 1).get("run_id").getAsString());
  }

  private static List<LocalPipeline.StageResult> publish(
      Workspace ws, LocalDate day, String runId, int shards) throws Exception {
    Map<String, String> env =
        ws.environment(Map.of(LocalProfile.DATABASE_SHARDS, String.valueOf(shards)));
    return new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
        .run(RunMessage.start(runId, day, Stage.PUBLISH), r -> {});
  }

  private static List<LocalPipeline.StageResult> publish(Workspace ws, LocalDate day, String runId)
      throws Exception {
    Map<String, String> env = ws.environment(Map.of(LocalProfile.DATABASE_SHARDS, "2"));
    return new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
        .run(RunMessage.start(runId, day, Stage.PUBLISH), r -> {});
  }

  private static void writeRows(
      Workspace ws, LocalDate day, String runId, java.util.function.LongPredicate keep)
      throws Exception {
    writeRows(ws, day, runId, 7, keep);
  }

  /** Row {@code i} of {@link BenchReports} {@code seed} for each {@code i} kept. */
  private static void writeRows(
      Workspace ws, LocalDate day, String runId, long seed, LongPredicate keep) throws Exception {
    Path report =
        Files.createDirectories(ws.bucket().resolve("runs/" + day + "/" + runId + "/report"));
    BenchReports reports = new BenchReports(seed);
    StringBuilder rows = new StringBuilder();
    for (long i = 0; i < BABIES; i++) {
      if (keep.test(i)) {
        rows.append(new String(reports.row(i), StandardCharsets.UTF_8));
      }
    }
    Files.writeString(report.resolve("rows-000.jsonl"), rows.toString());
  }

  private static String uid(long i) {
    return uid(7, i);
  }

  private static String uid(long seed, long i) {
    byte[] row = new BenchReports(seed).row(i);
    try {
      return new RowReshaper(KeyPath.parse("user_id/baby_id"), 1)
          .reshape(row, 0, row.length - 1)
          .keys()
          .get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each family's node as its rows make it: baby id to report (the row without its keys). */
  private static Map<String, JsonObject> families(java.util.function.LongPredicate keep)
      throws Exception {
    return families(7, keep);
  }

  private static Map<String, JsonObject> families(long seed, LongPredicate keep) throws Exception {
    Map<String, JsonObject> families = new LinkedHashMap<>();
    RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1);
    BenchReports reports = new BenchReports(seed);
    for (long i = 0; i < BABIES; i++) {
      if (!keep.test(i)) {
        continue;
      }
      byte[] row = reports.row(i);
      KeyedRow r = reshaper.reshape(row, 0, row.length - 1);
      families
          .computeIfAbsent(r.keys().get(0), k -> new JsonObject())
          .add(r.keys().get(1), JsonParser.parseString(r.valueText()));
    }
    return families;
  }

  /** The two instances' exports and the uids, through the app's client (app-reads-shards.js). */
  private static JsonArray appReads(Workspace ws, List<String> uids) throws Exception {
    JsonObject input = new JsonObject();
    JsonArray instances = new JsonArray();
    for (int i = 0; i < 2; i++) {
      instances.add(
          JsonParser.parseString(Files.readString(LocalProfile.databaseFile(ws.out(), i))));
    }
    input.add("instances", instances);
    JsonArray asked = new JsonArray();
    uids.forEach(asked::add);
    input.add("uids", asked);
    Process node =
        new ProcessBuilder(
                "node",
                "functions/local/src/test/node/app-reads-shards.js",
                "terraform/database.rules.json")
            .directory(REPO.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    node.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
    node.getOutputStream().close();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        node.waitFor(120, TimeUnit.SECONDS) && node.exitValue() == 0,
        "the SDK run failed (node_modules at the repository root?): " + out);
    return JsonParser.parseString(out).getAsJsonArray();
  }

  /** Whole numbers as the JS SDK hands them back are the same numbers: compare them as written. */
  private static JsonElement numbersAsWritten(JsonElement e) {
    return JsonParser.parseString(e.toString().replaceAll("(\\d)\\.0(?=[,}\\]])", "$1"));
  }

  private static JsonObject meta(Workspace ws, int shard) throws Exception {
    return JsonParser.parseString(Files.readString(LocalProfile.databaseFile(ws.out(), shard)))
        .getAsJsonObject()
        .getAsJsonObject("reports_meta");
  }

  private static String status(Workspace ws) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, CradleCli.execute("status", "--out", ws.out().toString()));
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}

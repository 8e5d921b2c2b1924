package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.testing.PubSubEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish function over three database instances (JSON files, the local profile's target): each
 * family's report in the instance the shard function names, each instance a publish of its own.
 */
class ShardedPublishTest {
  private static final int SHARDS = 3;
  private static final LocalDate DAY = LocalDate.parse("2026-11-25");
  private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
  private static final ReportShards FUNCTION = new ReportShards(SHARDS);

  @TempDir Path dir;
  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final List<RunEvent> events = new CopyOnWriteArrayList<>();
  private final Deque<RunMessage> topic = new ArrayDeque<>();
  private final Map<String, String> extraEnv = new HashMap<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** A clock that moves on by {@code tick} each time it is read. */
  private static final class TickingClock extends Clock {
    private Instant now;
    private final Duration tick;

    TickingClock(Instant start, Duration tick) {
      this.now = start;
      this.tick = tick;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plus(tick);
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aRun_putsEachFamilyInTheInstanceTheShardFunctionNames_eachWithItsOwnMeta() throws Exception {
    rows("run-a", 0, 300);

    deliverAll(message("run-a", false));

    for (int i = 0; i < SHARDS; i++) {
      assertEquals(familiesOf(i, 0, 300), families(i), "instance " + i);
      JsonObject meta = database(i).getAsJsonObject("reports_meta");
      assertEquals("run-a", meta.get("run_id").getAsString());
      assertEquals(familiesOf(i, 0, 300).size(), meta.get("reports").getAsLong());
      assertNull(database(i).get("reports_meta_lease"), "lease released in instance " + i);
    }
    assertEquals(
        Set.of(0, 1, 2),
        events.stream()
            .filter(e -> e.event() == RunEvent.Kind.SUCCEEDED && e.shard() != null)
            .map(RunEvent::shard)
            .collect(Collectors.toSet()));
  }

  @Test
  void aShardThatFails_leavesTheOthersPublished_andItsEventNamesIt() throws Exception {
    rows("run-a", 0, 300);
    deliverAll(message("run-a", false));
    // run b loses most of shard 1's families: its shrink guard refuses, the others publish
    rowsWithout("run-b", 0, 300, 1);

    deliverAll(message("run-b", false));

    assertEquals("run-b", meta(0).get("run_id").getAsString());
    assertEquals("run-b", meta(2).get("run_id").getAsString());
    assertEquals("run-a", meta(1).get("run_id").getAsString());
    assertEquals(familiesOf(1, 0, 300), families(1), "shard 1 keeps run a's reports");
    RunEvent failed =
        events.stream().filter(e -> e.event() == RunEvent.Kind.FAILED).findFirst().orElseThrow();
    assertEquals(1, failed.shard());
    assertEquals("run-b", failed.runId());
    assertTrue(failed.reason().startsWith("refusing to publish"), failed.reason());
  }

  @Test
  void aReplayOfOneShard_repairsItAndLeavesTheOtherInstancesUntouched() throws Exception {
    rows("run-a", 0, 300);
    deliverAll(message("run-a", false));
    rowsWithout("run-b", 0, 300, 1);
    deliverAll(message("run-b", false));
    String instance0 = Files.readString(file(0));
    String instance2 = Files.readString(file(2));

    // the operator's repair: shard 1 alone, forced past its shrink guard
    deliverAll(message("run-b", true).forShard(1));

    assertEquals(instance0, Files.readString(file(0)), "instance 0 untouched");
    assertEquals(instance2, Files.readString(file(2)), "instance 2 untouched");
    assertEquals("run-b", meta(1).get("run_id").getAsString());
    assertEquals(familiesOf(1, 0, 300, 1), families(1), "shard 1 holds run b's families");
  }

  @Test
  void longPublishes_interleave_eachShardGoingOnFromItsOwnProgress() throws Exception {
    rows("run-a", 0, 300);
    // every segment ends after a few rows: the shards' continuations take turns on the topic
    clock = new TickingClock(NOW, Duration.ofMillis(50));
    extraEnv.put("CRADLE_PUBLISH_SEGMENT_SECONDS", "1");
    extraEnv.put("CRADLE_PUBLISH_CHUNK_BYTES", "300");

    deliverAll(message("run-a", false));

    for (int i = 0; i < SHARDS; i++) {
      assertEquals(familiesOf(i, 0, 300), families(i), "instance " + i);
      assertEquals("run-a", meta(i).get("run_id").getAsString());
    }
    assertTrue(
        events.stream().filter(e -> e.counts().containsKey("continued")).count() > 3 * SHARDS,
        "the shards' publishes spanned invocations");
  }

  @Test
  void aMessageForAShardThatDoesNotExist_failsNamingTheLayout() throws Exception {
    rows("run-a", 0, 30);

    deliverAll(message("run-a", false).forShard(SHARDS));

    RunEvent failed = events.get(events.size() - 1);
    assertEquals(RunEvent.Kind.FAILED, failed.event());
    assertEquals(
        "the message asks for shard 3 but the reports are sharded over 3 database instance(s)"
            + " (shards 0 to 2)",
        failed.reason());
  }

  /** Delivers {@code first} and every message the function hands to its own topic, in order. */
  private void deliverAll(RunMessage first) throws Exception {
    topic.add(first);
    int n = 0;
    while (!topic.isEmpty()) {
      RunMessage m = topic.removeFirst();
      new PublishFunction(env(), clock, profile())
          .accept(PubSubEvents.of(m, "m-" + m.runId() + "-" + n++, NOW));
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(Settings.PROFILE, "test");
    env.put(Settings.ARTIFACTS_URI, PublishHarness.ARTIFACTS);
    env.put("CRADLE_PUBLISH_CONTRACT", "none");
    env.putAll(extraEnv);
    return env;
  }

  private Profile profile() {
    List<Supplier<ReportSink>> sinks = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      Path file = file(i);
      sinks.add(() -> new JsonFileDatabase(file));
    }
    HandOff handOff =
        m -> {
          topic.add(m);
          return "handed-" + topic.size();
        };
    return Profile.of(
        "test",
        Set.of(BlobStore.class, ReportSink.class, HandOff.class),
        env ->
            PortAdapters.builder()
                .blobs(blobs)
                .reportSinks(sinks)
                .handOff(handOff)
                .events(events::add)
                .build());
  }

  private static RunMessage message(String runId, boolean force) {
    return RunMessage.start(runId, DAY, Stage.PUBLISH)
        .withForce(force)
        .withStartedAt(NOW.minusSeconds(60));
  }

  /** Rows of families u{from}..u{to-1}. */
  private void rows(String runId, int from, int to) {
    rowsWithout(runId, from, to, -1);
  }

  /** Rows of families u{from}..u{to-1}, but for nine in ten of shard {@code without}'s. */
  private void rowsWithout(String runId, int from, int to, int without) {
    StringBuilder rows = new StringBuilder();
    for (String uid : familiesOf(-1, from, to, without)) {
      rows.append("{\"user_id\":\"")
          .append(uid)
          .append("\",\"baby_id\":\"b1\",\"run_id\":\"")
          .append(runId)
          .append("\"}\n");
    }
    blobs.put(PublishHarness.reportPrefix(DAY, runId) + "report.jsonl", rows.toString());
  }

  private static TreeSet<String> familiesOf(int shard, int from, int to) {
    return familiesOf(shard, from, to, -1);
  }

  /** The families of {@code shard} (-1: all) among u{from}..u{to-1}, as run b leaves them. */
  private static TreeSet<String> familiesOf(int shard, int from, int to, int without) {
    return IntStream.range(from, to)
        .filter(i -> FUNCTION.of("u" + i) != without || i % 10 == 0)
        .mapToObj(i -> "u" + i)
        .filter(uid -> shard < 0 || FUNCTION.of(uid) == shard)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private TreeSet<String> families(int shard) throws Exception {
    JsonElement reports = database(shard).get("reports");
    return reports == null ? new TreeSet<>() : new TreeSet<>(reports.getAsJsonObject().keySet());
  }

  private JsonObject meta(int shard) throws Exception {
    return database(shard).getAsJsonObject("reports_meta");
  }

  private JsonObject database(int shard) throws Exception {
    Path f = file(shard);
    return Files.exists(f)
        ? JsonParser.parseString(Files.readString(f)).getAsJsonObject()
        : new JsonObject();
  }

  private Path file(int shard) {
    return dir.resolve("database-" + shard + ".json");
  }
}

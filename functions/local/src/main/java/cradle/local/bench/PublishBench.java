package cradle.local.bench;

import com.google.gson.JsonObject;
import cradle.local.PubSubEvents;
import cradle.local.sim.DatabaseLimits;
import cradle.local.sim.LimitedDatabase;
import cradle.local.sim.SimulatedClock;
import cradle.local.sim.WriteSizeLimit;
import cradle.publish.PublishFunction;
import cradle.publish.ReportShards;
import cradle.shared.PubSubMessage;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.KeyedRow;
import cradle.shared.reshape.RowReshaper;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Child process of {@code ./cradle bench --parts publish}: a night of N babies (real reports,
 * {@link BenchReports}) through the publish function as deployed (settings at their defaults, a new
 * function per invocation, each continuation delivered as Pub/Sub would) against a database that
 * enforces the Realtime Database's limits, on a simulated clock; over one instance or several (the
 * shards publish in parallel, each to its own instance). Every node and every instance's meta are
 * checked at the end.
 */
public final class PublishBench {
  private static final String ARTIFACTS = "gs://bench-artifacts";
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-25");
  private static final Instant NIGHT = Instant.parse("2026-11-26T22:00:00Z");
  private static final int ROWS_PER_SHARD = 100_000;

  /** Between an invocation handing off and its continuation starting: Pub/Sub and a cold start. */
  static final Duration HAND_OFF = Duration.ofSeconds(3);

  private PublishBench() {}

  /** args: {@code --instances 1,4} then babies... */
  public static void main(String[] args) throws Exception {
    Logger.getLogger("")
        .setLevel(Level.WARNING); // the functions' INFO lines would drown the figures
    List<Integer> instances = List.of(1);
    List<Integer> nights = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--instances")) {
        instances = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
      } else {
        nights.add(Integer.parseInt(args[i]));
      }
    }
    System.out.printf(
        "publish: N babies (reports as the notebook writes them, %.1f KB on average, the report"
            + " contract on) through the paced, resumable publish (default settings) into"
            + " database instances each enforcing the Realtime Database's limits (write-size"
            + " limit \"tiny\"), on a simulated clock; with several instances the shards publish"
            + " in parallel, each in invocations of its own; the floor is the bytes at 64 MB a"
            + " minute per instance, the instances in parallel%n",
        new BenchReports(7).bytes(0, 1000).length / 1000.0 / 1e3);
    for (int babies : nights) {
      for (int n : instances) {
        night(babies, n);
      }
    }
    System.exit(0);
  }

  /** One shard's publish, as its instance saw it. */
  private record ShardNight(Duration took, int invocations, Duration longest, LimitedDatabase db) {}

  private static void night(int babies, int instances) throws Exception {
    long realStart = System.nanoTime();
    String runId = "bench-" + babies + "-" + instances;
    GeneratedBlobs blobs =
        new GeneratedBlobs(
            ARTIFACTS + "/runs/" + RUN_DATE + "/" + runId + "/report/",
            babies,
            new BenchReports(7));
    Map<String, String> env = Map.of(Settings.PROFILE, "bench", Settings.ARTIFACTS_URI, ARTIFACTS);
    LimitedDatabase[] dbs = new LimitedDatabase[instances];
    List<Deque<RunMessage>> topics = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      topics.add(new ArrayDeque<>());
    }
    Deque<RunMessage> start = new ArrayDeque<>();
    Profile profile =
        profile(
            blobs,
            dbs,
            m -> {
              // each shard's messages go to its own queue: its invocations are its own (with one
              // instance no message names a shard, continuations included)
              (m.shard() != null ? topics.get(m.shard()) : instances == 1 ? topics.get(0) : start)
                  .add(m);
              return "message-" + m.shard() + "-" + m.attempt();
            });
    RunMessage first = RunMessage.start(runId, RUN_DATE, Stage.PUBLISH).withStartedAt(NIGHT);
    Duration handedOn = Duration.ZERO;
    if (instances == 1) {
      topics.get(0).add(first);
    } else {
      // await's message names no shard: publish hands one on to each
      SimulatedClock clock = new SimulatedClock(NIGHT);
      new PublishFunction(env, clock, profile).accept(event(first, clock.instant(), 0, -1));
      handedOn = clock.elapsed().plus(HAND_OFF);
      start.forEach(m -> topics.get(m.shard()).add(m));
    }
    List<ShardNight> shards = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      // the shards run in parallel, each on its instance: played one after the other, each on a
      // clock of its own that starts when the hand-off reached it
      SimulatedClock clock = new SimulatedClock(NIGHT.plus(handedOn));
      dbs[i] = new LimitedDatabase(DatabaseLimits.documented(WriteSizeLimit.TINY), clock, 1024);
      shards.add(shard(topics.get(i), env, profile, clock, dbs[i], i));
    }
    double realSeconds = (System.nanoTime() - realStart) / 1e9;
    Duration wall = handedOn;
    Duration longest = Duration.ZERO;
    int invocations = 0;
    long bytes = 0;
    long writes = 0;
    long busiest = 0;
    long peak = 0;
    long refused = 0;
    for (ShardNight shard : shards) {
      wall = max(wall, handedOn.plus(shard.took()));
      longest = max(longest, shard.longest());
      invocations = Math.max(invocations, shard.invocations());
      LimitedDatabase.Stats stats = shard.db().stats();
      bytes += stats.bytes();
      writes += stats.writes();
      busiest = Math.max(busiest, stats.bytes());
      peak = Math.max(peak, stats.peakBytesPerMinute());
      refused += stats.refused();
    }
    check(dbs, babies, runId);
    double floorMinutes = bytes / 64e6 / instances;
    double wallMinutes = wall.toNanos() / 60e9;
    System.out.printf(
        "  %,9d babies, %d instance%s: %s simulated in %5.1f s real; floor %s; %.2fx the floor;"
            + " %,.1f MB in %,d writes (busiest instance %,.1f MB), peak %.1f MB/min per"
            + " instance; up to %d invocations a shard (longest %d s); every node and every"
            + " shard's meta checked%n",
        babies,
        instances,
        instances == 1 ? " " : "s",
        minutes(wallMinutes),
        realSeconds,
        minutes(floorMinutes),
        wallMinutes / floorMinutes,
        bytes / 1e6,
        writes,
        busiest / 1e6,
        peak / 1e6,
        invocations,
        longest.toSeconds());
    if (refused > 0) {
      throw new IllegalStateException(refused + " writes refused by the database's limits");
    }
    if (longest.compareTo(Duration.ofSeconds(540)) > 0) {
      throw new IllegalStateException("an invocation outlived the 540 s timeout: " + longest);
    }
  }

  /** Delivers one shard's messages, each to a new function instance, until none is left. */
  private static ShardNight shard(
      Deque<RunMessage> topic,
      Map<String, String> env,
      Profile profile,
      SimulatedClock clock,
      LimitedDatabase db,
      int shard)
      throws Exception {
    int invocations = 0;
    Duration longest = Duration.ZERO;
    while (!topic.isEmpty()) {
      RunMessage m = topic.removeFirst();
      if (invocations > 0) {
        clock.sleep(HAND_OFF);
      }
      Instant began = clock.instant();
      // a new instance per invocation, as after a cold start
      new PublishFunction(env, clock, profile)
          .accept(event(m, clock.instant(), invocations, shard));
      invocations++;
      longest = max(longest, Duration.between(began, clock.instant()));
    }
    return new ShardNight(clock.elapsed(), invocations, longest, db);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String minutes(double minutes) {
    long s = Math.round(minutes * 60);
    return String.format("%d min %02d s", s / 60, s % 60);
  }

  /**
   * Every baby's node holds its report in the instance the shard function names, nothing else is
   * there, and each instance's meta names the run and its own count.
   */
  private static void check(LimitedDatabase[] dbs, int babies, String runId) throws Exception {
    ReportShards shards = new ReportShards(dbs.length);
    long[] expected = new long[dbs.length];
    BenchReports reports = new BenchReports(7);
    RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1);
    for (long i = 0; i < babies; i++) {
      byte[] row = reports.row(i);
      KeyedRow report = reshaper.reshape(row, 0, row.length - 1);
      int shard = shards.of(report.keys().get(0));
      expected[shard]++;
      String path = "reports/" + String.join("/", report.keys());
      LimitedDatabase.Node node = dbs[shard].node(path);
      long hash = LimitedDatabase.hash(report.value(), 0, report.value().length);
      if (node == null || node.hash() != hash) {
        throw new IllegalStateException(
            path + " does not hold baby " + i + "'s report in instance " + shard);
      }
    }
    for (int s = 0; s < dbs.length; s++) {
      LimitedDatabase db = dbs[s];
      if (db.count("reports") != expected[s]) {
        throw new IllegalStateException(
            "instance " + s + ": " + db.count("reports") + " nodes for " + expected[s] + " babies");
      }
      JsonObject meta = db.read("reports_meta").getAsJsonObject();
      if (!meta.get("run_id").getAsString().equals(runId)
          || meta.get("reports").getAsLong() != expected[s]
          || meta.get("rejected").getAsLong() != 0) {
        throw new IllegalStateException(
            "instance " + s + "'s meta does not tell this run: " + meta);
      }
      if (db.read("reports_meta_lease") != null) {
        throw new IllegalStateException("instance " + s + "'s lease is still held");
      }
    }
  }

  private static io.cloudevents.CloudEvent event(RunMessage m, Instant now, int n, int shard) {
    String id = "bench-" + m.runId() + "-" + shard + "-" + n;
    PubSubMessage encoded = RunMessageCodec.encode(m, id);
    PubSubMessage published = new PubSubMessage(id, now, encoded.attributes(), encoded.data());
    return PubSubEvents.fromEnvelope(
        published.toEventData("projects/bench/subscriptions/publish"), "cradle-publish");
  }

  /** The instances are made as their shards start (each on its own clock). */
  private static Profile profile(BlobStore blobs, LimitedDatabase[] dbs, HandOff handOff) {
    List<Supplier<ReportSink>> sinks = new ArrayList<>();
    for (int i = 0; i < dbs.length; i++) {
      int shard = i;
      sinks.add(() -> dbs[shard]);
    }
    return Profile.of(
        "bench",
        Set.of(BlobStore.class, ReportSink.class, HandOff.class),
        env -> PortAdapters.builder().blobs(blobs).reportSinks(sinks).handOff(handOff).build());
  }

  /**
   * The run's report shards, made as they are read ({@value #ROWS_PER_SHARD} rows each, as a
   * BigQuery export would split them); anything else written is kept in memory.
   */
  private static final class GeneratedBlobs implements BlobStore {
    private final String reportPrefix;
    private final int babies;
    private final BenchReports reports;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    GeneratedBlobs(String reportPrefix, int babies, BenchReports reports) {
      this.reportPrefix = reportPrefix;
      this.babies = babies;
      this.reports = reports;
    }

    private int shards() {
      return (babies + ROWS_PER_SHARD - 1) / ROWS_PER_SHARD;
    }

    private String shard(int i) {
      return String.format("%srows-%03d.jsonl", reportPrefix, i);
    }

    @Override
    public InputStream open(String uri) throws FileNotFoundException {
      for (int i = 0; i < shards(); i++) {
        if (shard(i).equals(uri)) {
          return reports.rows(
              (long) i * ROWS_PER_SHARD, Math.min(babies, (long) (i + 1) * ROWS_PER_SHARD));
        }
      }
      byte[] o = objects.get(uri);
      if (o == null) {
        throw new FileNotFoundException(uri);
      }
      return new ByteArrayInputStream(o);
    }

    @Override
    public void write(String uri, byte[] content) {
      objects.put(uri, content.clone());
    }

    @Override
    public List<String> list(String prefix) {
      List<String> uris = new ArrayList<>();
      if (reportPrefix.startsWith(prefix) || prefix.startsWith(reportPrefix)) {
        for (int i = 0; i < shards(); i++) {
          if (shard(i).startsWith(prefix)) {
            uris.add(shard(i));
          }
        }
      }
      objects.keySet().stream().filter(u -> u.startsWith(prefix)).forEach(uris::add);
      uris.sort(null);
      return uris;
    }
  }
}

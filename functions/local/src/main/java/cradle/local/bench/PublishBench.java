package cradle.local.bench;

import com.google.gson.JsonObject;
import cradle.local.PubSubEvents;
import cradle.local.sim.DatabaseLimits;
import cradle.local.sim.LimitedDatabase;
import cradle.local.sim.SimulatedClock;
import cradle.local.sim.WriteSizeLimit;
import cradle.publish.PublishFunction;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Child process of {@code ./cradle bench --parts publish}: a night of N babies (real reports,
 * {@link BenchReports}) through the publish function as deployed (settings at their defaults, a new
 * function per invocation, each continuation delivered as Pub/Sub would) against a database that
 * enforces the Realtime Database's limits, on a simulated clock. Every node and the meta are
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

  /** args: babies... */
  public static void main(String[] args) throws Exception {
    Logger.getLogger("")
        .setLevel(Level.WARNING); // the functions' INFO lines would drown the figures
    System.out.printf(
        "publish: N babies (reports as the notebook writes them, %.1f KB on average, the report"
            + " contract on) through the paced, resumable publish (default settings) into a database"
            + " enforcing the Realtime Database's limits (write-size limit \"tiny\"), on a simulated"
            + " clock%n",
        new BenchReports(7).bytes(0, 1000).length / 1000.0 / 1e3);
    for (String n : args) {
      night(Integer.parseInt(n));
    }
    System.exit(0);
  }

  private static void night(int babies) throws Exception {
    long realStart = System.nanoTime();
    SimulatedClock clock = new SimulatedClock(NIGHT);
    LimitedDatabase db =
        new LimitedDatabase(DatabaseLimits.documented(WriteSizeLimit.TINY), clock, 1024);
    String runId = "bench-" + babies;
    GeneratedBlobs blobs =
        new GeneratedBlobs(
            ARTIFACTS + "/runs/" + RUN_DATE + "/" + runId + "/report/",
            babies,
            new BenchReports(7));
    Deque<RunMessage> topic = new ArrayDeque<>();
    Map<String, String> env = Map.of(Settings.PROFILE, "bench", Settings.ARTIFACTS_URI, ARTIFACTS);
    Profile profile =
        profile(
            blobs,
            db,
            m -> {
              topic.add(m);
              return "continuation-" + topic.size();
            });
    topic.add(new RunMessage(1, runId, RUN_DATE, Stage.PUBLISH, 1, Map.of(), false, NIGHT));
    int invocations = 0;
    Duration longest = Duration.ZERO;
    while (!topic.isEmpty()) {
      RunMessage m = topic.removeFirst();
      if (invocations > 0) {
        clock.sleep(HAND_OFF);
      }
      Instant began = clock.instant();
      // a new instance per invocation, as after a cold start
      new PublishFunction(env, clock, profile).accept(event(m, clock.instant(), invocations));
      invocations++;
      Duration took = Duration.between(began, clock.instant());
      longest = took.compareTo(longest) > 0 ? took : longest;
    }
    Duration wall = clock.elapsed();
    double realSeconds = (System.nanoTime() - realStart) / 1e9;
    LimitedDatabase.Stats stats = db.stats();
    check(db, babies, runId);
    double floorMinutes = stats.bytes() / 64e6;
    double wallMinutes = wall.toNanos() / 60e9;
    System.out.printf(
        "  %,9d babies: %2d invocations (longest %3d s), %s simulated in %5.1f s real;"
            + " %,.1f MB in %,d writes; peak %.1f MB/min, %,d writes/min; floor %s;"
            + " %.2fx the floor; every node and the meta checked%n",
        babies,
        invocations,
        longest.toSeconds(),
        minutes(wallMinutes),
        realSeconds,
        stats.bytes() / 1e6,
        stats.writes(),
        stats.peakBytesPerMinute() / 1e6,
        stats.peakWritesPerMinute(),
        minutes(floorMinutes),
        wallMinutes / floorMinutes);
    if (stats.refused() > 0) {
      throw new IllegalStateException(stats.refused() + " writes refused by the database's limits");
    }
    if (longest.compareTo(Duration.ofSeconds(540)) > 0) {
      throw new IllegalStateException("an invocation outlived the 540 s timeout: " + longest);
    }
  }

  private static String minutes(double minutes) {
    long s = Math.round(minutes * 60);
    return String.format("%d min %02d s", s / 60, s % 60);
  }

  /** Every baby's node holds its report, nothing else is there, and the meta names the run. */
  private static void check(LimitedDatabase db, int babies, String runId) throws Exception {
    if (db.count("reports") != babies) {
      throw new IllegalStateException(db.count("reports") + " nodes for " + babies + " babies");
    }
    BenchReports reports = new BenchReports(7);
    RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1);
    for (long i = 0; i < babies; i++) {
      byte[] row = reports.row(i);
      KeyedRow expected = reshaper.reshape(row, 0, row.length - 1);
      String path = "reports/" + String.join("/", expected.keys());
      LimitedDatabase.Node node = db.node(path);
      long hash = LimitedDatabase.hash(expected.value(), 0, expected.value().length);
      if (node == null || node.hash() != hash) {
        throw new IllegalStateException(path + " does not hold baby " + i + "'s report");
      }
    }
    JsonObject meta = db.read("reports_meta").getAsJsonObject();
    if (!meta.get("run_id").getAsString().equals(runId)
        || meta.get("reports").getAsLong() != babies
        || meta.get("rejected").getAsLong() != 0) {
      throw new IllegalStateException("meta does not tell this run: " + meta);
    }
    if (db.read("reports_meta_lease") != null) {
      throw new IllegalStateException("the lease is still held");
    }
  }

  private static io.cloudevents.CloudEvent event(RunMessage m, Instant now, int n) {
    String id = "bench-" + m.runId() + "-" + n;
    PubSubMessage encoded = RunMessageCodec.encode(m, id);
    PubSubMessage published = new PubSubMessage(id, now, encoded.attributes(), encoded.data());
    return PubSubEvents.fromEnvelope(
        published.toEventData("projects/bench/subscriptions/publish"), "cradle-publish");
  }

  private static Profile profile(BlobStore blobs, ReportSink db, HandOff handOff) {
    return Profile.of(
        "bench",
        Set.of(BlobStore.class, ReportSink.class, HandOff.class),
        env -> PortAdapters.builder().blobs(blobs).reportSink(db).handOff(handOff).build());
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

package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.RetryLaterException;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.testing.FirebaseServerPeer;
import cradle.shared.testing.PubSubEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The publish function over a database target — the local JSON file, or the Firebase Admin SDK
 * writing through a protocol peer — with report shards in memory and run events recorded. Every
 * delivery builds a fresh function (and database client), as a new function instance would.
 */
public final class PublishHarness implements AutoCloseable {
  /** The database targets publish writes to. */
  public enum Target {
    JSON_FILE,
    ADMIN_SDK
  }

  public static final String ARTIFACTS = "gs://cradle-artifacts";
  public static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

  private static FirebaseServerPeer peer;

  public final Target target;
  public final MemoryBlobStore blobs = new MemoryBlobStore();
  public final List<RunEvent> events = new CopyOnWriteArrayList<>();

  /** The messages publish handed to its own topic (continuations), in order. */
  public final List<RunMessage> handedOff = new CopyOnWriteArrayList<>();

  /** Runs before each hand-off is accepted (to crash there). */
  public Runnable beforeHandOff = () -> {};

  private final Path dir;
  private final Map<String, String> extraEnv = new HashMap<>();
  private final ReportSink reader;
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private UnaryOperator<ReportSink> wrapper = s -> s;

  public PublishHarness(Target target, Path dir) throws Exception {
    this.target = target;
    this.dir = dir;
    this.reader = newSink();
    if (target == Target.ADMIN_SDK) {
      // one peer for the test run; each test starts from an empty database
      Map<String, JsonElement> clear = new HashMap<>();
      for (String node : List.of("reports", "reports_meta", "reports_meta_lease")) {
        clear.put(node, JsonNull.INSTANCE);
      }
      reader.submit(UpdateChunk.of(clear)).get();
    }
  }

  private static synchronized FirebaseServerPeer peer() throws Exception {
    if (peer == null) {
      peer = FirebaseServerPeer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(peer::close));
    }
    return peer;
  }

  /** A new client of the database, as a new function instance would make. */
  public ReportSink newSink() throws Exception {
    return switch (target) {
      case JSON_FILE -> new JsonFileDatabase(dir.resolve("database.json"));
      case ADMIN_SDK ->
          new FirebaseReportSink(
              FirebaseReportSink.emulatorUrl(peer().host(), "cradle"),
              true,
              Duration.ofSeconds(60));
    };
  }

  public PublishHarness env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  public PublishHarness clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Wraps every database client the function makes (to fail or delay writes). */
  public PublishHarness wrapSink(UnaryOperator<ReportSink> wrapper) {
    this.wrapper = wrapper;
    return this;
  }

  public static String reportPrefix(LocalDate date, String runId) {
    return ARTIFACTS + "/runs/" + date + "/" + runId + "/report/";
  }

  /** Report rows of babies u{from}..u{to-1} (one baby each, b1), tagged with the run. */
  public void reports(LocalDate date, String runId, int from, int to, String... extraLines) {
    StringBuilder rows = new StringBuilder();
    IntStream.range(from, to)
        .forEach(
            i ->
                rows.append("{\"user_id\":\"u")
                    .append(i)
                    .append("\",\"baby_id\":\"b1\",\"sleep_min\":")
                    .append(600 + i)
                    .append(",\"report_date\":\"")
                    .append(date)
                    .append("\",\"run_id\":\"")
                    .append(runId)
                    .append("\"}\n"));
    for (String extra : extraLines) {
      rows.append(extra).append('\n');
    }
    blobs.put(reportPrefix(date, runId) + "report.jsonl", rows.toString());
  }

  /** Which run wrote each baby's report when run {@code runId} wrote u{from}..u{to-1}, alone. */
  public static Map<String, String> allBy(String runId, int from, int to) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = from; i < to; i++) {
      m.put("u" + i, runId);
    }
    return m;
  }

  public static RunMessage message(LocalDate date, String runId, Instant startedAt, boolean force) {
    return RunMessage.start(runId, date, Stage.PUBLISH).withForce(force).withStartedAt(startedAt);
  }

  /** Rows of babies u{from}..u{to-1} for the run, then one delivery of its publish message. */
  public void publishRun(LocalDate date, String runId, int from, int to, Instant startedAt)
      throws Exception {
    reports(date, runId, from, to);
    deliver(message(date, runId, startedAt, false));
  }

  /** One delivery; throws when the function asks for a redelivery. */
  public void deliver(RunMessage message) throws Exception {
    function().accept(PubSubEvents.of(message, "m-" + message.runId(), clock.instant()));
  }

  /** Delivers until the function stops asking for a redelivery, as Pub/Sub would. */
  public void deliverUntilAcknowledged(RunMessage message) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        deliver(message);
        return;
      } catch (RetryLaterException e) {
        if (attempt > 400) {
          throw e;
        }
        Thread.sleep(20);
      }
    }
  }

  public PublishFunction function() {
    Map<String, String> env = new HashMap<>();
    env.put(Settings.PROFILE, "test");
    env.put(Settings.ARTIFACTS_URI, ARTIFACTS);
    // rows of their own shape: the guarantees hold whatever the report contract (ReportSchemaTest)
    env.put("CRADLE_PUBLISH_CONTRACT", "none");
    env.putAll(extraEnv);
    return new PublishFunction(env, clock, profile());
  }

  private Profile profile() {
    return Profile.of(
        "test",
        Set.of(BlobStore.class, ReportSink.class, HandOff.class),
        env -> {
          ReportSink sink;
          try {
            sink = wrapper.apply(newSink());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return PortAdapters.builder()
              .blobs(blobs)
              .reportSink(sink)
              .handOff(
                  m -> {
                    beforeHandOff.run();
                    handedOff.add(m);
                    return "handed-" + handedOff.size();
                  })
              .events(events::add)
              .build();
        });
  }

  /** The reports node, numbers as written (the SDK reads whole numbers back as 600 or 600.0). */
  public JsonObject reports() throws IOException {
    JsonElement r = reader.read("reports");
    return r == null ? new JsonObject() : normalize(r).getAsJsonObject();
  }

  public PublishedMeta meta() throws IOException {
    return PublishedMeta.parse(reader.read("reports_meta"));
  }

  public JsonElement node(String path) throws IOException {
    JsonElement e = reader.read(path);
    return e == null ? null : normalize(e);
  }

  public ReportSink database() {
    return reader;
  }

  /** Which run wrote each baby's report: user id to run id. */
  public Map<String, String> writers() throws IOException {
    Map<String, String> w = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonElement> user : reports().entrySet()) {
      w.put(
          user.getKey(),
          user.getValue().getAsJsonObject().getAsJsonObject("b1").get("run_id").getAsString());
    }
    return w;
  }

  /** The kinds of the run events, in order, with reasons. */
  public List<String> eventLines() {
    return events.stream()
        .map(e -> e.event().id() + (e.reason() == null ? "" : ": " + e.reason()))
        .toList();
  }

  public RunEvent last() {
    return events.get(events.size() - 1);
  }

  private static JsonElement normalize(JsonElement e) {
    return JsonParser.parseString(e.toString().replaceAll("(\\d)\\.0(?=[,}\\]])", "$1"));
  }

  public String fileText() {
    try {
      return Files.readString(dir.resolve("database.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {}
}

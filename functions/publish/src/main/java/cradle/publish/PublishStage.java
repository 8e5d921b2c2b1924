package cradle.publish;

import com.google.gson.JsonObject;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunker;
import java.io.InputStream;
import cradle.shared.port.WriteWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams the notebook's report rows, reshapes them into keyed nodes ({@code reports/<user>/<baby>})
 * and writes them as multi-path updates under a byte budget, then {@code reports_meta} last, so
 * the app sees the new run's meta only once every report is in place.
 */
final class PublishStage implements StageHandler {
  static final String CHUNK_BYTES = "CRADLE_PUBLISH_CHUNK_BYTES";
  static final String IN_FLIGHT = "CRADLE_PUBLISH_IN_FLIGHT";
  static final String WRITE_TIMEOUT_SECONDS = "CRADLE_PUBLISH_WRITE_TIMEOUT_SECONDS";

  static final StageHandler.Factory FACTORY =
      new StageHandler.Factory() {
        @Override
        public Set<Class<?>> ports() {
          return Set.of(BlobStore.class, ReportSink.class, HandOff.class);
        }

        @Override
        public StageHandler create(
            Settings settings, Env env, Profile.Adapters adapters, Clock clock) {
          long chunkBytes = env.positiveLong(CHUNK_BYTES, 4L << 20);
          if (chunkBytes > 12L << 20) {
            env.problem(CHUNK_BYTES + "=" + chunkBytes + " is too close to the 16 MB write limit");
          }
          int inFlight = (int) env.positiveLong(IN_FLIGHT, 4);
          Duration timeout = Duration.ofSeconds(env.positiveLong(WRITE_TIMEOUT_SECONDS, 60));
          return new PublishStage(settings, adapters, clock, chunkBytes, inFlight, timeout);
        }
      };

  private final Settings settings;
  private final Profile.Adapters adapters;
  private final Clock clock;
  private final long chunkBytes;
  private final int inFlight;
  private final Duration writeTimeout;

  PublishStage(Settings settings, Profile.Adapters adapters, Clock clock, long chunkBytes,
      int inFlight, Duration writeTimeout) {
    this.settings = settings;
    this.adapters = adapters;
    this.clock = clock;
    this.chunkBytes = chunkBytes;
    this.inFlight = inFlight;
    this.writeTimeout = writeTimeout;
  }

  @Override
  public void handle(RunMessage message, Log log) throws Exception {
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    BlobStore blobs = adapters.blobs();
    List<String> shards =
        blobs.list(layout.reportPrefix()).stream().filter(u -> u.endsWith(".jsonl")).toList();
    if (shards.isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + layout.reportPrefix());
    }
    ReportSink sink = adapters.reportSink();
    RowReshaper reshaper = new RowReshaper(settings.keyPath(), depth(settings.reportsPath()));
    Rejections rejections = new Rejections();
    WriteWindow writes = new WriteWindow(sink, inFlight, writeTimeout);
    UpdateChunker chunker = new UpdateChunker(settings.reportsPath(), chunkBytes, writes::submit);
    long written = 0;
    for (String shard : shards) {
      try (InputStream in = blobs.open(shard)) {
        written += JsonlRows.stream(in, shard, reshaper, rejections, (row, line) -> chunker.add(row));
      }
    }
    chunker.finish();
    writes.drain();
    if (rejections.total() > 0) {
      log.error(
          "report rows rejected: " + rejections.summary(),
          null,
          "rejected",
          rejections.countsByReason(),
          "examples",
          rejections.examples());
    }
    JsonObject meta = new JsonObject();
    meta.addProperty("run_date", message.runDate().toString());
    meta.addProperty("run_id", message.runId());
    meta.addProperty("reports", written);
    meta.addProperty("rejected", rejections.total());
    meta.addProperty("generated_at", clock.instant().toString());
    WriteWindow last = new WriteWindow(sink, 1, writeTimeout);
    last.submit(Map.of(settings.metaPath(), meta));
    last.drain();
    log.info("reports published", "reports", written, "chunks", chunker.chunks());
  }

  private static int depth(String path) {
    return path.split("/").length;
  }
}

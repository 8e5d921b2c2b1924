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

  static final StageHandler.Factory FACTORY =
      new StageHandler.Factory() {
        @Override
        public Set<Class<?>> ports() {
          return Set.of(BlobStore.class, ReportSink.class, HandOff.class);
        }

        @Override
        public StageHandler create(
            Settings settings, Env env, Profile.Adapters adapters, Clock clock) {
          return new PublishStage(settings, PublishSettings.read(env), adapters, clock);
        }
      };

  private final Settings settings;
  private final PublishSettings publish;
  private final Profile.Adapters adapters;
  private final Clock clock;

  PublishStage(Settings settings, PublishSettings publish, Profile.Adapters adapters, Clock clock) {
    this.settings = settings;
    this.publish = publish;
    this.adapters = adapters;
    this.clock = clock;
  }

  @Override
  public Map<String, Object> handle(RunMessage message, Log log) throws Exception {
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    BlobStore blobs = adapters.blobs();
    List<String> shards =
        blobs.list(layout.reportPrefix()).stream().filter(u -> u.endsWith(".jsonl")).toList();
    if (shards.isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + layout.reportPrefix());
    }
    ReportSink sink = adapters.reportSink();
    RowReshaper reshaper = new RowReshaper(publish.keyPath(), publish.reportsDepth());
    Rejections rejections = new Rejections();
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    UpdateChunker chunker = new UpdateChunker(publish.reportsPath(), publish.chunkBytes(), writes::submit);
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
    WriteWindow last = new WriteWindow(sink, 1, publish.writeTimeout());
    last.submit(Map.of(publish.metaPath(), meta));
    last.drain();
    log.info("reports published", "reports", written, "chunks", chunker.chunks());
    return Map.of("reports", written, "rejected", rejections.total());
  }
}

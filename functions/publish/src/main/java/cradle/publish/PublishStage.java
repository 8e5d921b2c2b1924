package cradle.publish;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
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
import cradle.shared.port.WriteWindow;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyedRow;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.reshape.UpdateChunker;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Streams the notebook's report rows, reshapes them into keyed nodes ({@code
 * reports/<user>/<baby>}) and writes them as multi-path updates under a byte budget, then {@code
 * reports_meta} last.
 *
 * <p>Nothing is lost silently: a first pass counts and checks every row, and an empty report, or
 * one that shrinks by more than {@code CRADLE_PUBLISH_MAX_SHRINK} against the last published run,
 * is refused unless an operator forces it. Reports of babies absent from this run are removed only
 * when the run is healthy (no rejected rows), by comparing with the rows of every run whose reports
 * may still be in the database (the meta's {@code report_sources}: the last healthy run and any
 * unhealthy runs since). Each baby's node is replaced whole, so a crash midway leaves every node
 * either this run's or the last; running again finishes the job. A run whose meta is already
 * published is skipped.
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

  /** Deletions per multi-path write (each is a short path and a null). */
  private static final int DELETES_PER_WRITE = 5_000;

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
    ReportSink sink = adapters.reportSink();
    String reportPrefix = layout.reportPrefix();
    List<String> shards = shards(blobs, reportPrefix);
    if (shards.isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + reportPrefix);
    }
    JsonObject last = meta(sink);
    if (last != null && message.runId().equals(text(last, "run_id")) && !message.force()) {
      log.info("run already published; nothing to do", "reports", last.get("reports"));
      return Map.of("reports", last.get("reports").getAsLong(), "already_published", 1);
    }

    // pass 1: check and count every row, remember every key path, write nothing
    Supplier<RowReshaper> reshapers =
        () -> new RowReshaper(publish.keyPath(), publish.reportsDepth());
    int threads = Runtime.getRuntime().availableProcessors();
    Rejections rejections = new Rejections();
    KeyHashes published = new KeyHashes();
    long valid = 0;
    for (String shard : shards) {
      try (InputStream in = blobs.open(shard)) {
        valid +=
            JsonlRows.stream(
                in, shard, reshapers, threads, rejections, (row, line) -> published.add(path(row)));
      }
    }
    if (rejections.total() > 0) {
      log.error(
          "report rows rejected: " + rejections.summary(),
          null,
          "rejected",
          rejections.countsByReason(),
          "examples",
          rejections.examples());
    }
    long previous = last != null && last.has("reports") ? last.get("reports").getAsLong() : 0;
    guard(valid, previous, message.force());

    // pass 2: write the reports, each baby's node replaced whole
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    UpdateChunker chunker =
        new UpdateChunker(publish.reportsPath(), publish.chunkBytes(), writes::submit);
    for (String shard : shards) {
      try (InputStream in = blobs.open(shard)) {
        JsonlRows.stream(
            in, shard, reshapers, threads, new Rejections(), (row, line) -> chunker.add(row));
      }
    }
    chunker.finish();
    writes.drain();

    long removed = 0;
    Set<Long> deleted = new HashSet<>();
    List<String> sources = new ArrayList<>(reportSources(last));
    sources.remove(reportPrefix);
    boolean healthy = rejections.total() == 0;
    if (healthy) {
      for (String source : sources) {
        removed += removeStale(blobs, sink, source, published, deleted, log);
      }
      sources.clear();
    } else if (!sources.isEmpty()) {
      log.warning("stale reports kept: the run rejected rows, so absence proves nothing");
    }
    sources.add(reportPrefix);

    JsonObject meta = new JsonObject();
    meta.addProperty("run_date", message.runDate().toString());
    meta.addProperty("run_id", message.runId());
    meta.addProperty("reports", valid);
    meta.addProperty("rejected", rejections.total());
    meta.addProperty("removed", removed);
    meta.addProperty("report", reportPrefix);
    JsonArray sourcesJson = new JsonArray();
    sources.forEach(sourcesJson::add);
    meta.add("report_sources", sourcesJson);
    meta.addProperty("forced", message.force());
    meta.addProperty("generated_at", clock.instant().toString());
    WriteWindow metaWrite = new WriteWindow(sink, 1, publish.writeTimeout());
    metaWrite.submit(UpdateChunk.of(Map.of(publish.metaPath(), meta)));
    metaWrite.drain();
    log.info("reports published", "reports", valid, "chunks", chunker.chunks(), "removed", removed);
    return Map.of("reports", valid, "rejected", rejections.total(), "removed", removed);
  }

  /** Refuses an empty or sharply shrunk report unless an operator forces it. */
  private void guard(long reports, long previous, boolean force) {
    if (force) {
      return;
    }
    if (reports == 0) {
      throw new StageFailedException(
          "refusing to publish an empty report (the last run published "
              + previous
              + "); replay publish with force to publish it anyway");
    }
    if (previous > 0 && reports < previous * (1 - publish.maxShrink())) {
      throw new StageFailedException(
          String.format(
              "refusing to publish %d reports against %d last time (%.0f%% fewer, more than the"
                  + " %.0f%% allowed by %s); replay publish with force to publish anyway",
              reports,
              previous,
              100.0 * (previous - reports) / previous,
              100 * publish.maxShrink(),
              PublishSettings.MAX_SHRINK));
    }
  }

  /** Deletes the nodes an earlier run wrote that this run does not. */
  private long removeStale(
      BlobStore blobs,
      ReportSink sink,
      String source,
      KeyHashes published,
      Set<Long> deleted,
      Log log)
      throws IOException {
    List<String> previousShards = shards(blobs, source);
    if (previousShards.isEmpty()) {
      log.warning(
          "stale reports not removed: the earlier run's rows under " + source + " are gone");
      return 0;
    }
    RowReshaper reshaper = new RowReshaper(publish.keyPath(), publish.reportsDepth());
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    Map<String, JsonElement> deletes = new LinkedHashMap<>();
    long[] removed = {0};
    for (String shard : previousShards) {
      try (InputStream in = blobs.open(shard)) {
        JsonlRows.stream(
            in,
            shard,
            reshaper,
            new Rejections(),
            (row, line) -> {
              String path = path(row);
              if (!published.contains(path) && deleted.add(KeyHashes.hash(path))) {
                deletes.put(path, JsonNull.INSTANCE);
                removed[0]++;
                if (deletes.size() >= DELETES_PER_WRITE) {
                  writes.submit(UpdateChunk.of(deletes));
                  deletes.clear();
                }
              }
            });
      } catch (FileNotFoundException e) {
        log.warning("stale reports partly removed: " + shard + " is gone");
      }
    }
    if (!deletes.isEmpty()) {
      writes.submit(UpdateChunk.of(deletes));
    }
    writes.drain();
    return removed[0];
  }

  /** The report prefixes whose rows may still be in the database. */
  private static List<String> reportSources(JsonObject last) {
    List<String> sources = new ArrayList<>();
    if (last == null) {
      return sources;
    }
    if (last.has("report_sources") && last.get("report_sources").isJsonArray()) {
      last.getAsJsonArray("report_sources").forEach(e -> sources.add(e.getAsString()));
    } else if (text(last, "report") != null) {
      sources.add(text(last, "report"));
    }
    return sources;
  }

  private String path(KeyedRow row) {
    return publish.reportsPath() + "/" + String.join("/", row.keys());
  }

  private static List<String> shards(BlobStore blobs, String prefix) throws IOException {
    return blobs.list(prefix).stream().filter(u -> u.endsWith(".jsonl")).toList();
  }

  private JsonObject meta(ReportSink sink) throws IOException {
    JsonElement m = sink.read(publish.metaPath());
    return m != null && m.isJsonObject() ? m.getAsJsonObject() : null;
  }

  private static String text(JsonObject o, String field) {
    return o.has(field) && o.get(field).isJsonPrimitive() ? o.get(field).getAsString() : null;
  }
}

package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Sleeper;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.StageOutcome;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams the notebook's report rows, reshapes them into keyed nodes ({@code
 * reports/<user>/<baby>}) and writes them as multi-path updates under a byte budget, then the meta
 * last. The steps, in order:
 *
 * <ol>
 *   <li><b>take the lease</b>: one publish at a time per database ({@link PublishLease}); every
 *       decision below is made on state read while holding it;
 *   <li><b>read the meta</b> ({@link PublishedMeta}) and decide ({@link Precedence}): the database
 *       only moves forward, so a run older than the published one is superseded (a success that
 *       leaves the database alone), the published run itself is already done, and only {@code
 *       force} publishes an older run;
 *   <li><b>check and count</b> every row, writing nothing;
 *   <li><b>guard</b>: an empty report, or one that shrinks by more than {@code
 *       CRADLE_PUBLISH_MAX_SHRINK}, is refused unless forced;
 *   <li><b>write</b> each baby's node whole (after recording this run among the meta's report
 *       sources, so a crash midway leaves no report unaccounted for);
 *   <li><b>retire stale</b> reports, only after a healthy run (no rejected rows), comparing with
 *       the rows of every run whose reports may still be in the database;
 *   <li><b>commit the meta</b>, then <b>release</b> the lease.
 * </ol>
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
  static final int DELETES_PER_WRITE = 5_000;

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

  /** What the first pass found: valid rows, rejections, and the key path of every valid row. */
  record Count(long valid, Rejections rejections, KeyHashes paths) {
    boolean healthy() {
      return rejections.total() == 0;
    }
  }

  @Override
  public Map<String, Object> handle(RunMessage message, Log log) throws Exception {
    return run(message, log).counts();
  }

  @Override
  public StageOutcome run(RunMessage message, Log log) throws Exception {
    String reportPrefix = new RunLayout(settings.artifactsUri(), message).reportPrefix();
    List<String> shards = shards(reportPrefix);
    if (shards.isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + reportPrefix);
    }
    ReportSink sink =
        new PacedReportSink(
            adapters.reportSink(),
            new WritePacer(
                publish.bytesPerMinute(), publish.writesPerSecond(), clock, Sleeper.of(clock)));
    PublishLease lease = new PublishLease(sink, publish.leasePath(), clock, PublishLease.TERM);
    try (PublishLease.Held held = lease.take(message.runId())) {
      PublishedMeta last = readMeta(sink);
      Precedence precedence = Precedence.of(message, last);
      if (!message.force() && precedence == Precedence.ALREADY_PUBLISHED) {
        log.info("run already published; nothing to do", "reports", last.reports());
        return StageOutcome.succeeded(Map.of("reports", last.reports(), "already_published", 1));
      }
      if (!message.force() && precedence == Precedence.SUPERSEDED) {
        String why =
            "the database shows a later run ("
                + Precedence.RunOrder.of(last)
                + "); this run's reports stay in its artifacts, the app is left alone"
                + " (replay publish with force to roll back to it)";
        log.info("publish superseded: " + why, "published_run_id", last.runId());
        return StageOutcome.superseded(why, Map.of("reports", 0L));
      }
      Count count = checkAndCount(shards, log);
      guard(count.valid(), last.reports(), message.force());
      held.renew();
      long chunks = writeReports(sink, shards, last, reportPrefix);
      held.renew();
      List<String> sources = last.sourcesWith(reportPrefix);
      long removed = 0;
      if (count.healthy()) {
        removed = retireStale(sink, sources, reportPrefix, count.paths(), log);
        sources = List.of(reportPrefix);
      } else if (sources.size() > 1) {
        log.warning("stale reports kept: the run rejected rows, so absence proves nothing");
      }
      held.renew();
      commitMeta(sink, meta(message, count, removed, reportPrefix, sources));
      log.info("reports published", "reports", count.valid(), "chunks", chunks, "removed", removed);
      return StageOutcome.succeeded(
          Map.of(
              "reports", count.valid(),
              "rejected", count.rejections().total(),
              "removed", removed));
    }
  }

  private PublishedMeta readMeta(ReportSink sink) throws IOException {
    return PublishedMeta.parse(sink.read(publish.metaPath()));
  }

  /** Pass 1: checks and counts every row and remembers every key path; writes nothing. */
  private Count checkAndCount(List<String> shards, Log log) throws IOException {
    Rejections rejections = new Rejections();
    KeyHashes paths = new KeyHashes();
    long valid = 0;
    for (String shard : shards) {
      try (InputStream in = adapters.blobs().open(shard)) {
        valid +=
            JsonlRows.stream(
                in,
                shard,
                this::reshaper,
                threads(),
                rejections,
                (row, line) -> paths.add(path(row)));
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
    return new Count(valid, rejections, paths);
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

  /**
   * Pass 2: records this run among the meta's report sources, then writes every report, each baby's
   * node replaced whole, and waits until the database acknowledged every write.
   *
   * @return the number of multi-path writes
   */
  private long writeReports(
      ReportSink sink, List<String> shards, PublishedMeta last, String reportPrefix)
      throws IOException {
    if (!last.reportSources().contains(reportPrefix)) {
      write(
          sink,
          Map.of(
              publish.metaPath() + "/" + PublishedMeta.REPORT_SOURCES,
              PublishedMeta.sourcesJson(last.sourcesWith(reportPrefix))));
    }
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    UpdateChunker chunker =
        new UpdateChunker(publish.reportsPath(), publish.chunkBytes(), writes::submit);
    for (String shard : shards) {
      try (InputStream in = adapters.blobs().open(shard)) {
        JsonlRows.stream(
            in,
            shard,
            this::reshaper,
            threads(),
            new Rejections(),
            (row, line) -> chunker.add(row));
      }
    }
    chunker.finish();
    writes.drain();
    return chunker.chunks();
  }

  /**
   * Deletes the nodes that earlier runs wrote and this run does not.
   *
   * @return how many were deleted
   */
  private long retireStale(
      ReportSink sink, List<String> sources, String reportPrefix, KeyHashes published, Log log)
      throws IOException {
    StaleDeletes deletes = new StaleDeletes(sink, published);
    for (String source : sources) {
      if (source.equals(reportPrefix)) {
        continue;
      }
      List<String> earlierShards = shards(source);
      if (earlierShards.isEmpty()) {
        log.warning(
            "stale reports not removed: the earlier run's rows under " + source + " are gone");
        continue;
      }
      for (String shard : earlierShards) {
        try (InputStream in = adapters.blobs().open(shard)) {
          JsonlRows.stream(
              in, shard, reshaper(), new Rejections(), (row, line) -> deletes.consider(path(row)));
        } catch (FileNotFoundException e) {
          log.warning("stale reports partly removed: " + shard + " is gone");
        }
      }
    }
    return deletes.finish();
  }

  /** Deletes absent paths in multi-path writes of {@link #DELETES_PER_WRITE}, each path once. */
  private final class StaleDeletes {
    private final KeyHashes published;
    private final WriteWindow writes;
    private final Set<Long> deleted = new HashSet<>();
    private final Map<String, JsonElement> batch = new LinkedHashMap<>();
    private long removed;

    StaleDeletes(ReportSink sink, KeyHashes published) {
      this.published = published;
      this.writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    }

    void consider(String path) throws IOException {
      if (published.contains(path) || !deleted.add(KeyHashes.hash(path))) {
        return;
      }
      batch.put(path, JsonNull.INSTANCE);
      removed++;
      if (batch.size() >= DELETES_PER_WRITE) {
        flush();
      }
    }

    long finish() throws IOException {
      flush();
      writes.drain();
      return removed;
    }

    private void flush() throws IOException {
      if (!batch.isEmpty()) {
        writes.submit(UpdateChunk.of(batch));
        batch.clear();
      }
    }
  }

  private PublishedMeta meta(
      RunMessage message, Count count, long removed, String reportPrefix, List<String> sources) {
    return new PublishedMeta(
        message.runDate(),
        message.runId(),
        message.startedAt(),
        count.valid(),
        count.rejections().total(),
        removed,
        reportPrefix,
        sources,
        message.force(),
        clock.instant());
  }

  /** The meta, written last and acknowledged before the function returns. */
  private void commitMeta(ReportSink sink, PublishedMeta meta) throws IOException {
    write(sink, Map.of(publish.metaPath(), meta.toJson()));
  }

  /** One multi-path write, acknowledged before returning. */
  private void write(ReportSink sink, Map<String, JsonElement> updates) throws IOException {
    WriteWindow window = new WriteWindow(sink, 1, publish.writeTimeout());
    window.submit(UpdateChunk.of(updates));
    window.drain();
  }

  private RowReshaper reshaper() {
    return new RowReshaper(publish.keyPath(), publish.reportsDepth());
  }

  private static int threads() {
    return Runtime.getRuntime().availableProcessors();
  }

  private String path(KeyedRow row) {
    return publish.reportsPath() + "/" + String.join("/", row.keys());
  }

  private List<String> shards(String prefix) throws IOException {
    return adapters.blobs().list(prefix).stream().filter(u -> u.endsWith(".jsonl")).toList();
  }
}

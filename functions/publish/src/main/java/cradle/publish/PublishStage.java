package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import cradle.publish.PublishProgress.Phase;
import cradle.publish.PublishProgress.Position;
import cradle.shared.ConfirmedReports;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Sleeper;
import cradle.shared.Stage;
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
import cradle.shared.reshape.RowCheck;
import cradle.shared.reshape.RowRejectedException;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.reshape.UpdateChunker;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

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
 *
 * <p>Writes are paced ({@link WritePacer}) within the database's limits. A publish that needs
 * longer than {@code CRADLE_PUBLISH_SEGMENT_SECONDS} spans invocations: when its time is up it
 * records how far the database acknowledged ({@link PublishProgress}), hands the lease over and a
 * continuation (the same message, {@code attempt} one higher) to its own topic; the continuation
 * takes the lease over and goes on from there ({@link Continuation}). The decisions are made once,
 * by the first invocation; the meta is committed once, by the last.
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
          PublishSettings publish = PublishSettings.read(env);
          RowCheck contract = ReportContract.read(env, publish.keyPath());
          return new PublishStage(settings, publish, adapters, clock, contract);
        }
      };

  /** Deletions per multi-path write (each is a short path and a null). */
  static final int DELETES_PER_WRITE = 5_000;

  private final Settings settings;
  private final PublishSettings publish;
  private final Profile.Adapters adapters;
  private final Clock clock;
  private final RowCheck contract;

  PublishStage(
      Settings settings,
      PublishSettings publish,
      Profile.Adapters adapters,
      Clock clock,
      RowCheck contract) {
    this.settings = settings;
    this.publish = publish;
    this.adapters = adapters;
    this.clock = clock;
    this.contract = contract;
  }

  /**
   * What the first pass found: valid rows, rejections, the key path of every valid row, and the
   * paths more than one row names (all of those rows rejected).
   */
  record Count(long valid, Rejections rejections, KeyHashes paths, KeyHashes duplicates) {
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
    Deadline deadline = new Deadline(clock, clock.instant().plus(publish.segment()));
    // a replay names no report: it reads the confirmed one, and its continuations carry that on
    message = ConfirmedReports.named(adapters.blobs(), settings.artifactsUri(), message);
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    String reportPrefix = layout.reportPrefix();
    List<String> shards = shards(reportPrefix);
    if (shards.isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + reportPrefix);
    }
    ProgressStore store = new ProgressStore(adapters.blobs(), layout.runPrefix() + "publish/");
    PublishProgress progress = store.read();
    Continuation continuation = Continuation.of(message, progress, store.progressUri());
    if (continuation != Continuation.START) {
      // the run's start and force travel with its progress: a hand-written continuation, or a
      // duplicate of the first delivery re-sending a lost hand-off, may lack them
      message = asBegun(message, progress);
    } else if (progress != null && message.startedAt() == null) {
      // a replay of a run published before (`run --from-stage publish`, `replay --run-id`) does
      // not know when the run started; its earlier publish recorded it
      message = asBegun(message, message.force(), progress.startedAt());
    }
    if (continuation == Continuation.FINISHED || continuation == Continuation.HANDED_ON) {
      return duplicate(message, progress, continuation, log);
    }
    AtomicReference<PublishLease.Held> holding = new AtomicReference<>();
    ReportSink fenced =
        new FencedSink(
            adapters.reportSink(),
            clock,
            publish.writeTimeout(),
            () -> holding.get() == null ? Instant.MAX : holding.get().expiresAt());
    ReportSink sink =
        publish.paced()
            ? new PacedReportSink(
                fenced,
                new WritePacer(
                    publish.bytesPerMinute(), publish.writesPerSecond(), clock, Sleeper.of(clock)))
            : fenced;
    PublishLease lease = new PublishLease(sink, publish.leasePath(), clock, PublishLease.TERM);
    try (PublishLease.Held held =
        continuation == Continuation.RESUME
            ? lease.takeOver(message.runId(), progress.token())
            : lease.take(message.runId())) {
      holding.set(held);
      if (continuation == Continuation.RESUME && !progress.handedOff()) {
        progress = progress.markHandedOff(); // evidently it was
        store.write(progress);
      }
      PublishedMeta last = readMeta(sink);
      KeyHashes keys = null;
      if (continuation == Continuation.RESUME
          && !Objects.equals(last.runId(), progress.basedOn())) {
        if (message.runId().equals(last.runId())) {
          store.write(progress.at(Phase.DONE, 0, Position.START));
          log.info("run already published (its meta was committed before a crash)");
          return StageOutcome.succeeded(Map.of("reports", last.reports(), "already_published", 1));
        }
        log.warning(
            "another run was published since this publish began; starting it over",
            "published_run_id",
            last.runId());
        continuation = Continuation.START;
      } else if (continuation == Continuation.RESUME
          && !message.runId().equals(last.lastWriter())) {
        // another run wrote while this publish was between invocations: over nodes this one had
        // written already, or nodes its retiring would not consider
        log.warning(
            "another run wrote reports since this publish began; starting it over",
            "last_writer",
            String.valueOf(last.lastWriter()),
            "report_sources",
            last.reportSources());
        continuation = Continuation.START;
      }
      if (continuation == Continuation.START) {
        Optional<StageOutcome> nothingToDo = precedence(message, last, log);
        if (nothingToDo.isPresent()) {
          return nothingToDo.get();
        }
        Count count = checkAndCount(shards, log);
        ContractFailure.check(
            count.valid(), count.rejections(), publish.maxShrink(), message.force());
        guard(count.valid(), last.reports(), message.force());
        keys = count.paths();
        progress = begin(message, count, last, reportPrefix, store);
        held.renew();
      }
      progress = proceed(message, progress, last, shards, sink, store, keys, held, deadline, log);
      if (progress.phase() != Phase.DONE) {
        store.write(progress.next(held.token()));
        held.handOver();
        return handOn(message, progress.next(held.token()), log);
      }
      log.info(
          "reports published",
          "reports",
          progress.valid(),
          "removed",
          progress.removed(),
          "segments",
          progress.segment() + 1);
      return StageOutcome.succeeded(
          Map.of(
              "reports", progress.valid(),
              "rejected", progress.rejected(),
              "removed", progress.removed()));
    }
  }

  private static RunMessage asBegun(RunMessage m, PublishProgress progress) {
    return asBegun(m, progress.forced(), progress.startedAt());
  }

  private static RunMessage asBegun(RunMessage m, boolean force, Instant startedAt) {
    return new RunMessage(
        m.version(),
        m.runId(),
        m.runDate(),
        m.stage(),
        m.attempt(),
        m.artifacts(),
        force,
        startedAt != null ? startedAt : m.startedAt());
  }

  /** A message for a segment that already ran: at most re-sends a hand-off that was lost. */
  private StageOutcome duplicate(
      RunMessage message, PublishProgress progress, Continuation continuation, Log log)
      throws IOException {
    if (continuation == Continuation.FINISHED) {
      log.info("duplicate continuation of a finished publish; nothing to do");
      return StageOutcome.succeeded(Map.of("reports", progress.valid(), "already_published", 1));
    }
    if (!progress.handedOff()) {
      handOn(message, progress, log);
    }
    log.info(
        "duplicate of segment " + (message.attempt() - 1) + "; the publish went on",
        "segment",
        progress.segment());
    return StageOutcome.succeeded(Map.of("reports", progress.valid(), "duplicate", 1));
  }

  /**
   * The database only moves forward: an outcome when this run has nothing to publish (it is
   * published already, or a later run is), unless the message forces it.
   */
  private Optional<StageOutcome> precedence(RunMessage message, PublishedMeta last, Log log) {
    Precedence precedence = Precedence.of(message, last);
    if (!message.force() && precedence == Precedence.ALREADY_PUBLISHED) {
      log.info("run already published; nothing to do", "reports", last.reports());
      return Optional.of(
          StageOutcome.succeeded(Map.of("reports", last.reports(), "already_published", 1)));
    }
    if (!message.force() && precedence == Precedence.SUPERSEDED) {
      String why =
          "the database shows a later run ("
              + Precedence.RunOrder.of(last)
              + "); this run's reports stay in its artifacts, the app is left alone"
              + " (replay publish with force to roll back to it)";
      log.info("publish superseded: " + why, "published_run_id", last.runId());
      return Optional.of(StageOutcome.superseded(why, Map.of("reports", 0L)));
    }
    return Optional.empty();
  }

  /** Records what the first pass decided, so later invocations go on without repeating it. */
  private PublishProgress begin(
      RunMessage message, Count count, PublishedMeta last, String reportPrefix, ProgressStore store)
      throws IOException {
    if (count.healthy()) {
      store.writeKeys(count.paths()); // retiring stale reports in a later invocation needs them
    }
    store.writeDuplicates(count.duplicates()); // every invocation's writing skips them
    // no token: only an invocation that hands the publish on names one for its successor
    PublishProgress progress =
        new PublishProgress(
            message.runId(),
            message.attempt() - 1,
            Phase.WRITE,
            Position.START,
            0,
            count.valid(),
            count.rejections().total(),
            0,
            last.sourcesWith(reportPrefix),
            last.runId(),
            "",
            true,
            message.startedAt(),
            message.force());
    store.write(progress);
    return progress;
  }

  /**
   * Writes, retires and commits from where {@code progress} stands until the publish is done or the
   * segment's time is up.
   *
   * @return the progress reached (phase {@code DONE} once the meta is committed)
   */
  private PublishProgress proceed(
      RunMessage message,
      PublishProgress progress,
      PublishedMeta last,
      List<String> shards,
      ReportSink sink,
      ProgressStore store,
      KeyHashes keys,
      PublishLease.Held held,
      Deadline deadline,
      Log log)
      throws IOException {
    String reportPrefix = new RunLayout(settings.artifactsUri(), message).reportPrefix();
    boolean healthy = progress.rejected() == 0;
    while (true) {
      switch (progress.phase()) {
        case WRITE -> {
          Position stopped =
              writeReports(sink, shards, last, reportPrefix, progress, store, deadline);
          if (stopped != null) {
            return progress.at(Phase.WRITE, 0, stopped);
          }
          progress = progress.at(healthy ? Phase.RETIRE : Phase.COMMIT, 0, Position.START);
          if (!healthy && progress.sources().size() > 1) {
            log.warning("stale reports kept: the run rejected rows, so absence proves nothing");
          }
          store.write(progress);
          held.renew();
        }
        case RETIRE -> {
          PublishProgress reached =
              retireStale(
                  sink,
                  store,
                  progress,
                  reportPrefix,
                  keys != null ? keys : store.readKeys(),
                  deadline,
                  log);
          if (reached.phase() == Phase.RETIRE) {
            return reached;
          }
          progress = reached;
          store.write(progress);
          held.renew();
        }
        case COMMIT -> {
          List<String> sources = healthy ? List.of(reportPrefix) : progress.sources();
          commitMeta(sink, meta(message, progress, reportPrefix, sources));
          progress = progress.at(Phase.DONE, 0, Position.START);
          store.write(progress);
        }
        case DONE -> {
          return progress;
        }
      }
    }
  }

  /**
   * Publishes the continuation that asks for {@code next.segment()}. It is recorded as handed off
   * by the continuation itself, under the lease: recording it here could overwrite the progress of
   * a continuation that already runs.
   */
  private StageOutcome handOn(RunMessage message, PublishProgress next, Log log)
      throws IOException {
    RunMessage continuation =
        new RunMessage(
            message.version(),
            message.runId(),
            message.runDate(),
            Stage.PUBLISH,
            next.segment() + 1,
            message.artifacts(),
            message.force(),
            message.startedAt());
    // no write after this: the continuation may already run and record its own progress
    adapters.handOff().publish(continuation);
    log.info(
        "publish continues in a new invocation",
        "segment",
        next.segment(),
        "phase",
        next.phase().name(),
        "shard",
        next.at().shard(),
        "line",
        next.at().line());
    return StageOutcome.succeeded(
        Map.of("reports", next.valid(), "continued", 1, "segment", next.segment() - 1));
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
                this::checkingReshaper,
                threads(),
                rejections,
                (row, line) -> paths.add(path(row)));
      }
    }
    KeyHashes duplicates = paths.duplicates();
    if (!duplicates.isEmpty()) {
      valid -= rejectDuplicates(shards, duplicates, rejections);
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
    return new Count(valid, rejections, paths, duplicates);
  }

  /**
   * Rejects every row whose key path another row names too: which of them is right cannot be known,
   * so none is published (the baby keeps the report it had).
   *
   * @return how many rows were rejected
   */
  private long rejectDuplicates(List<String> shards, KeyHashes duplicates, Rejections rejections)
      throws IOException {
    long rejected = 0;
    for (String shard : shards) {
      List<Long> lines = new ArrayList<>();
      List<String> named = new ArrayList<>();
      try (InputStream in = adapters.blobs().open(shard)) {
        JsonlRows.stream(
            in,
            shard,
            this::checkingReshaper,
            threads(),
            new Rejections(),
            (row, line) -> {
              String path = path(row);
              if (duplicates.contains(path)) {
                lines.add(line);
                named.add(path);
              }
            });
      }
      for (int i = 0; i < lines.size(); i++) {
        rejections.add(
            shard,
            lines.get(i),
            new RowRejectedException(
                RowRejectedException.Reason.DUPLICATE_KEY,
                named.get(i) + " is named by more than one row; none of them is published"));
      }
      rejected += lines.size();
    }
    return rejected;
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
   * Pass 2: records this run among the meta's report sources, then writes every report from {@code
   * progress.at()} on, each baby's node replaced whole, and waits until the database acknowledged
   * every write. Stops early, after at least one row, when the segment's time is up; records the
   * acknowledged position now and then, so a crash re-sends little.
   *
   * @return where it stopped (the last row written), or null when every row is written
   */
  private Position writeReports(
      ReportSink sink,
      List<String> shards,
      PublishedMeta last,
      String reportPrefix,
      PublishProgress progress,
      ProgressStore store,
      Deadline deadline)
      throws IOException {
    if (!last.reportSources().contains(reportPrefix)
        || !progress.runId().equals(last.lastWriter())) {
      write(
          sink,
          Map.of(
              publish.metaPath() + "/" + PublishedMeta.REPORT_SOURCES,
              PublishedMeta.sourcesJson(last.sourcesWith(reportPrefix)),
              publish.metaPath() + "/" + PublishedMeta.LAST_WRITER,
              new JsonPrimitive(progress.runId())));
    }
    KeyHashes duplicates = store.readDuplicates();
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    WriteCursor cursor = new WriteCursor(progress.at(), clock);
    UpdateChunker chunker =
        new UpdateChunker(
            publish.reportsPath(),
            publish.chunkBytes(),
            chunk -> {
              cursor.sent();
              writes.submit(chunk);
              writes.collect();
              cursor.acknowledged(writes.acknowledged());
            });
    try {
      for (int s = progress.at().shard(); s < shards.size(); s++) {
        int shard = s;
        long skip = s == progress.at().shard() ? progress.at().line() : 0;
        try (InputStream in =
            LineSkipper.skip(adapters.blobs().open(shards.get(s)), skip, shards.get(s))) {
          JsonlRows.stream(
              in,
              shards.get(s),
              this::checkingReshaper,
              threads(),
              new Rejections(),
              (row, line) -> {
                if (cursor.any() && deadline.over()) {
                  throw new SegmentOver();
                }
                if (duplicates.isEmpty() || !duplicates.contains(path(row))) {
                  chunker.add(row);
                }
                cursor.added(new Position(shard, skip + line));
                if (cursor.checkpointDue()) {
                  store.write(progress.at(Phase.WRITE, 0, cursor.checkpoint()));
                }
              });
        }
      }
    } catch (SegmentOver over) {
      chunker.finish();
      writes.drain();
      return cursor.last();
    }
    chunker.finish();
    writes.drain();
    return null;
  }

  /**
   * Deletes the nodes that earlier runs wrote and this run does not, from {@code progress}'s
   * position among the earlier runs' rows on. Stops early, after at least one row, when the
   * segment's time is up.
   *
   * @return the progress reached: still {@code RETIRE} at the last row considered, or {@code
   *     COMMIT}
   */
  private PublishProgress retireStale(
      ReportSink sink,
      ProgressStore store,
      PublishProgress progress,
      String reportPrefix,
      KeyHashes published,
      Deadline deadline,
      Log log)
      throws IOException {
    StaleDeletes deletes =
        new StaleDeletes(
            sink,
            published,
            progress.removed(),
            // retiring begins here: a set left by an earlier attempt of this run is not ours
            progress.at().equals(Position.START) && progress.source() == 0
                ? new HashSet<>()
                : store.readRetired(progress.segment()));
    List<String> sources = progress.sources();
    for (int i = progress.source(); i < sources.size(); i++) {
      String source = sources.get(i);
      if (source.equals(reportPrefix)) {
        continue;
      }
      List<String> earlierShards = shards(source);
      if (earlierShards.isEmpty()) {
        log.warning(
            "stale reports not removed: the earlier run's rows under " + source + " are gone");
        continue;
      }
      Position from = i == progress.source() ? progress.at() : Position.START;
      int sourceIndex = i;
      for (int s = from.shard(); s < earlierShards.size(); s++) {
        int shard = s;
        long skip = s == from.shard() ? from.line() : 0;
        String uri = earlierShards.get(s);
        try (InputStream in = LineSkipper.skip(adapters.blobs().open(uri), skip, uri)) {
          JsonlRows.stream(
              in,
              uri,
              reshaper(),
              new Rejections(),
              (row, line) -> {
                if (deletes.considered() > 0 && deadline.over()) {
                  throw new SegmentOver();
                }
                deletes.consider(path(row), sourceIndex, new Position(shard, skip + line));
              });
        } catch (FileNotFoundException e) {
          log.warning("stale reports partly removed: " + uri + " is gone");
        } catch (SegmentOver over) {
          long removed = deletes.finish();
          store.writeRetired(progress.segment() + 1, deletes.deleted());
          // the last row considered may be the previous source's, if time was up at this one's
          // first row: resume after it, there
          return progress
              .at(Phase.RETIRE, deletes.lastSource(), deletes.last())
              .withRemoved(removed);
        }
      }
    }
    return progress.withRemoved(deletes.finish()).at(Phase.COMMIT, 0, Position.START);
  }

  /** Deletes absent paths in multi-path writes of {@link #DELETES_PER_WRITE}, each path once. */
  private final class StaleDeletes {
    private final KeyHashes published;
    private final WriteWindow writes;
    private final Set<Long> deleted;
    private final Map<String, JsonElement> batch = new LinkedHashMap<>();
    private long removed;
    private long considered;
    private int lastSource;
    private Position last;

    /**
     * @param deletedBefore the hashes of the paths the earlier segments of this publish deleted
     */
    StaleDeletes(
        ReportSink sink, KeyHashes published, long removedBefore, Set<Long> deletedBefore) {
      this.published = published;
      this.writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
      this.removed = removedBefore;
      this.deleted = deletedBefore;
    }

    void consider(String path, int source, Position at) throws IOException {
      considered++;
      lastSource = source;
      last = at;
      if (published.contains(path) || !deleted.add(KeyHashes.hash(path))) {
        return;
      }
      batch.put(path, JsonNull.INSTANCE);
      removed++;
      if (batch.size() >= DELETES_PER_WRITE) {
        flush();
      }
    }

    long considered() {
      return considered;
    }

    Set<Long> deleted() {
      return deleted;
    }

    /** The last row considered, in the earlier run {@link #lastSource()}. */
    Position last() {
      return last;
    }

    int lastSource() {
      return lastSource;
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
      RunMessage message, PublishProgress progress, String reportPrefix, List<String> sources) {
    return new PublishedMeta(
        message.runDate(),
        message.runId(),
        message.startedAt(),
        progress.valid(),
        progress.rejected(),
        progress.removed(),
        reportPrefix,
        sources,
        message.force(),
        clock.instant(),
        message.runId());
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

  /** When this invocation's segment ends: {@code CRADLE_PUBLISH_SEGMENT_SECONDS} after it began. */
  private record Deadline(Clock clock, Instant at) {
    boolean over() {
      return !clock.instant().isBefore(at);
    }
  }

  /** Thrown from inside a row stream to end the segment there. */
  private static final class SegmentOver extends RuntimeException {
    SegmentOver() {
      super("segment over", null, false, false);
    }
  }

  private RowReshaper reshaper() {
    return new RowReshaper(publish.keyPath(), publish.reportsDepth());
  }

  /**
   * For this run's rows: each also checked against the report contract. (An earlier run's rows,
   * read only for their keys when retiring stale reports, are not: they may be of an older
   * version.)
   */
  private RowReshaper checkingReshaper() {
    return new RowReshaper(publish.keyPath(), publish.reportsDepth(), contract);
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

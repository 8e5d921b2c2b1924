package cradle.publish;

import cradle.publish.PublishDecisions.Start;
import cradle.publish.PublishProgress.Phase;
import cradle.publish.PublishProgress.Position;
import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.StageFailedException;
import cradle.shared.StageOutcome;
import cradle.shared.port.HandOff;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of a publish, as a state machine over its recorded progress. The steps, in order:
 *
 * <ol>
 *   <li><b>begin</b>: with the lease held ({@link LeasedDatabase}), read the meta and decide
 *       ({@link PublishDecisions#onStart}, or for a resumed publish {@link
 *       PublishDecisions#onResume});
 *   <li><b>check and count</b> every row, writing nothing; refuse a contract failure or a shrink
 *       ({@link PublishDecisions#shrinkRefusal}); record the decisions in the progress;
 *   <li><b>write</b> ({@code WRITE}) each baby's node whole, after naming this run among the meta's
 *       report sources and as its last writer;
 *   <li><b>retire stale</b> ({@code RETIRE}) reports, only after a healthy run;
 *   <li><b>commit the meta</b> ({@code COMMIT}), then {@code DONE};
 *   <li><b>hand on</b>: when the segment's time is up before {@code DONE}, record the progress,
 *       hand the lease over and publish the continuation.
 * </ol>
 *
 * The progress is recorded after every step, so a later invocation goes on from the step it names.
 */
final class PublishSegment {
  private final RunMessage message;
  private final ReportRows rows;
  private final ReportRows.Source rowSource;
  private final ProgressStore store;
  private final LeasedDatabase database;
  private final PublishSettings publish;
  private final HandOff handOff;
  private final Clock clock;
  private final Deadline deadline;
  private final Log log;

  private PublishProgress progress;
  private PublishedMeta meta;

  /** The key paths this run writes, when this invocation counted them (else read when needed). */
  private KeyHashes keys;

  PublishSegment(
      RunMessage message,
      ReportRows rows,
      ReportRows.Source rowSource,
      ProgressStore store,
      LeasedDatabase database,
      PublishSettings publish,
      HandOff handOff,
      Clock clock,
      Deadline deadline,
      Log log) {
    this.message = message;
    this.rows = rows;
    this.rowSource = rowSource;
    this.store = store;
    this.database = database;
    this.publish = publish;
    this.handOff = handOff;
    this.clock = clock;
    this.deadline = deadline;
    this.log = log;
  }

  /**
   * Runs the segment from its beginning to the end of the publish or of the segment's time.
   *
   * @param continuation {@link Continuation#START} or {@link Continuation#RESUME}
   * @param recorded the run's recorded progress (null when it has none)
   */
  StageOutcome run(Continuation continuation, PublishProgress recorded) throws IOException {
    progress = recorded;
    Optional<StageOutcome> early = begin(continuation);
    if (early.isPresent()) {
      return early.get();
    }
    while (true) {
      switch (progress.phase()) {
        case WRITE -> {
          if (!write()) {
            return handOn();
          }
        }
        case RETIRE -> {
          if (!retireStale()) {
            return handOn();
          }
        }
        case COMMIT -> commitMeta();
        case DONE -> {
          return published();
        }
      }
    }
  }

  /**
   * Reads the meta under the lease and decides; a publish that begins (or starts over) checks and
   * counts its rows here too.
   *
   * @return the outcome when there is nothing to write
   */
  private Optional<StageOutcome> begin(Continuation continuation) throws IOException {
    if (continuation == Continuation.RESUME && !progress.handedOff()) {
      progress = progress.markHandedOff(); // evidently it was
      store.write(progress);
    }
    meta = database.readMeta();
    if (continuation == Continuation.RESUME) {
      switch (PublishDecisions.onResume(message.runId(), progress, meta)) {
        case GO_ON -> {
          return Optional.empty();
        }
        case ALREADY_COMMITTED -> {
          store.write(progress.at(Phase.DONE, 0, Position.START));
          log.info("run already published (its meta was committed before a crash)");
          return Optional.of(
              StageOutcome.succeeded(Map.of("reports", meta.reports(), "already_published", 1)));
        }
        case ANOTHER_RUN_PUBLISHED ->
            log.warning(
                "another run was published since this publish began; starting it over",
                "published_run_id",
                meta.runId());
        case ANOTHER_RUN_WROTE ->
            log.warning(
                "another run wrote reports since this publish began; starting it over",
                "last_writer",
                String.valueOf(meta.lastWriter()),
                "report_sources",
                meta.reportSources());
      }
    }
    Start start = PublishDecisions.onStart(message, meta);
    if (start == Start.ALREADY_PUBLISHED) {
      log.info("run already published; nothing to do", "reports", meta.reports());
      return Optional.of(
          StageOutcome.succeeded(Map.of("reports", meta.reports(), "already_published", 1)));
    }
    if (start == Start.SUPERSEDED) {
      String why =
          "the database shows a later run ("
              + Precedence.RunOrder.of(meta)
              + "); this run's reports stay in its artifacts, the app is left alone"
              + " (replay publish with force to roll back to it)";
      log.info("publish superseded: " + why, "published_run_id", meta.runId());
      return Optional.of(StageOutcome.superseded(why, Map.of("reports", 0L)));
    }
    checkAndCount();
    return Optional.empty();
  }

  /**
   * Pass 1 and the guards on it; then records what was decided, so later invocations go on without
   * repeating it.
   */
  private void checkAndCount() throws IOException {
    ReportRows.Count count = rows.checkAndCount(log);
    ContractFailure.check(count.valid(), count.rejections(), publish.maxShrink(), message.force());
    Optional<String> refusal =
        PublishDecisions.shrinkRefusal(
            count.valid(), meta.reports(), message.force(), publish.maxShrink());
    if (refusal.isPresent()) {
      throw new StageFailedException(refusal.get());
    }
    keys = count.paths();
    if (count.healthy()) {
      store.writeKeys(count.paths()); // retiring stale reports in a later invocation needs them
    }
    store.writeDuplicates(count.duplicates()); // every invocation's writing skips them
    // no token: only an invocation that hands the publish on names one for its successor
    progress =
        new PublishProgress(
            message.runId(),
            message.attempt() - 1,
            Phase.WRITE,
            Position.START,
            0,
            count.valid(),
            count.rejections().total(),
            0,
            meta.sourcesWith(rows.prefix()),
            meta.runId(),
            "",
            true,
            message.startedAt(),
            message.force());
    store.write(progress);
    database.renew();
  }

  /**
   * Names this run among the meta's report sources and as its last writer, then writes every report
   * from the recorded position on.
   *
   * @return false when the segment's time was up first (the progress says where it stopped)
   */
  private boolean write() throws IOException {
    if (PublishDecisions.claimBeforeWriting(meta, rows.prefix(), progress.runId())) {
      database.claim(progress.runId(), meta.sourcesWith(rows.prefix()));
    }
    PublishProgress writing = progress;
    Position stopped =
        new ReportWriter(rows, database.sink(), publish, clock)
            .write(
                progress.at(),
                store.readDuplicates(),
                deadline,
                acknowledged -> store.write(writing.at(Phase.WRITE, 0, acknowledged)));
    if (stopped != null) {
      progress = progress.at(Phase.WRITE, 0, stopped);
      return false;
    }
    progress = progress.at(PublishDecisions.afterWriting(progress.rejected()), 0, Position.START);
    if (progress.phase() == Phase.COMMIT && progress.sources().size() > 1) {
      log.warning("stale reports kept: the run rejected rows, so absence proves nothing");
    }
    store.write(progress);
    database.renew();
    return true;
  }

  /**
   * @return false when the segment's time was up first
   */
  private boolean retireStale() throws IOException {
    PublishProgress reached =
        new StaleRetirement(rowSource, database.sink(), publish, store, log)
            .retire(progress, rows.prefix(), keys != null ? keys : store.readKeys(), deadline);
    progress = reached;
    if (reached.phase() == Phase.RETIRE) {
      return false;
    }
    store.write(progress);
    database.renew();
    return true;
  }

  private void commitMeta() throws IOException {
    database.commit(
        new PublishedMeta(
            message.runDate(),
            message.runId(),
            message.startedAt(),
            progress.valid(),
            progress.rejected(),
            progress.removed(),
            rows.prefix(),
            PublishDecisions.committedSources(
                progress.rejected(), rows.prefix(), progress.sources()),
            message.force(),
            clock.instant(),
            message.runId()));
    progress = progress.at(Phase.DONE, 0, Position.START);
    store.write(progress);
  }

  private StageOutcome published() {
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

  /** Records where the next invocation starts, keeps the lease for it and hands the publish on. */
  private StageOutcome handOn() throws IOException {
    PublishProgress next = progress.next(database.token());
    store.write(next);
    database.handOver();
    return SegmentHandOff.handOn(message, next, handOff, log);
  }
}

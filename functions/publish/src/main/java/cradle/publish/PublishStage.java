package cradle.publish;

import cradle.shared.ConfirmedReports;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.StageOutcome;
import cradle.shared.config.Settings;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.RowCheck;
import java.time.Clock;

/**
 * Streams the notebook's report rows, reshapes them into keyed nodes ({@code
 * reports/<user>/<baby>}) and writes them as multi-path updates under a byte budget, then the meta
 * last. This class wires one delivery; the parts:
 *
 * <ul>
 *   <li>{@link Continuation}: what the message asks for, given the run's recorded progress ({@link
 *       ProgressStore}, {@link PublishProgress});
 *   <li>{@link PublishDecisions}: precedence, the shrink guard, what to retire, as pure functions;
 *   <li>{@link PublishSegment}: the steps of one invocation (begin, check and count, write, retire
 *       stale, commit the meta, hand on) as a state machine over the progress;
 *   <li>{@link LeasedDatabase}: the database under the lease, fenced and paced;
 *   <li>{@link ReportRows}: the rows of a run's report, with their positions.
 * </ul>
 *
 * <p>A publish that needs longer than {@code CRADLE_PUBLISH_SEGMENT_SECONDS} spans invocations:
 * when its time is up it records how far the database acknowledged, hands the lease over and a
 * continuation (the same message, {@code attempt} one higher) to its own topic; the continuation
 * takes the lease over and goes on from there. The decisions are made once, by the first
 * invocation; the meta is committed once, by the last.
 */
final class PublishStage implements StageHandler.WithOutcome {
  private final Settings settings;
  private final PublishSettings publish;
  private final Profile.Adapters adapters;
  private final Clock clock;
  private final ReportRows.Source rowSource;
  private final DatabaseShard shard;

  /**
   * @param adapters as {@code shard}'s publish sees them: {@code reportSink()} is its instance, its
   *     hand-offs name it ({@link ShardedPublish})
   */
  PublishStage(
      Settings settings,
      PublishSettings publish,
      Profile.Adapters adapters,
      Clock clock,
      RowCheck contract,
      DatabaseShard shard) {
    this.settings = settings;
    this.publish = publish;
    this.adapters = adapters;
    this.clock = clock;
    this.shard = shard;
    // SHARD (a): the rows of this shard's families only
    this.rowSource = new ReportRows.Source(adapters.blobs(), publish, contract, shard.rows());
  }

  @Override
  public StageOutcome run(RunMessage message, Log log) throws Exception {
    Deadline deadline = Deadline.after(clock, publish.segment());
    // a replay names no report: it reads the confirmed one, and its continuations carry that on
    message = ConfirmedReports.named(adapters.blobs(), settings.artifactsUri(), message);
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    ReportRows rows = rowSource.thisRun(layout.reportPrefix());
    if (rows.files().isEmpty()) {
      throw new StageFailedException("no report rows (*.jsonl) under " + layout.reportPrefix());
    }
    ProgressStore store = progressStore(layout);
    PublishProgress progress = store.read();
    Continuation continuation = Continuation.of(message, progress, store.progressUri());
    message = PublishDecisions.asBegun(message, continuation, progress);
    if (continuation == Continuation.FINISHED || continuation == Continuation.HANDED_ON) {
      return SegmentHandOff.duplicate(message, progress, continuation, adapters.handOff(), log);
    }
    try (LeasedDatabase database =
        LeasedDatabase.take(
            database(message),
            publish,
            clock,
            message.runId(),
            continuation == Continuation.RESUME ? progress.token() : null)) {
      return new PublishSegment(
              message,
              rows,
              rowSource,
              store,
              database,
              publish,
              adapters.handOff(),
              clock,
              deadline,
              log)
          .run(continuation, progress);
    }
  }

  /** The database the message's reports go to (its lease and meta live there too). */
  private ReportSink database(RunMessage message) {
    return adapters.reportSink(); // SHARD (b): the shard's instance (ShardedPublish.of)
  }

  /** Where the message's publish records its progress between invocations. */
  private ProgressStore progressStore(RunLayout layout) {
    // SHARD (c): each shard's progress, keys and retired sets apart
    return new ProgressStore(adapters.blobs(), layout.runPrefix() + shard.progressFolder());
  }
}

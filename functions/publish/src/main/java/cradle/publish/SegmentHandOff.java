package cradle.publish;

import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.StageOutcome;
import cradle.shared.port.HandOff;
import java.io.IOException;
import java.util.Map;

/** How a publish passes from one invocation to the next: the continuation message. */
final class SegmentHandOff {
  private SegmentHandOff() {}

  /**
   * A message for a segment that already ran ({@link Continuation#HANDED_ON} or {@link
   * Continuation#FINISHED}): at most re-sends a hand-off that was lost. Needs no lease.
   */
  static StageOutcome duplicate(
      RunMessage message,
      PublishProgress progress,
      Continuation continuation,
      HandOff handOff,
      Log log)
      throws IOException {
    if (continuation == Continuation.FINISHED) {
      log.info("duplicate continuation of a finished publish; nothing to do");
      return StageOutcome.succeeded(Map.of("reports", progress.valid(), "already_published", 1));
    }
    if (!progress.handedOff()) {
      handOn(message, progress, handOff, log);
    }
    log.info(
        "duplicate of segment " + (message.attempt() - 1) + "; the publish went on",
        "segment",
        progress.segment());
    return StageOutcome.succeeded(Map.of("reports", progress.valid(), "duplicate", 1));
  }

  /**
   * Publishes the continuation that asks for {@code next.segment()}. It is recorded as handed off
   * by the continuation itself, under the lease: recording it here could overwrite the progress of
   * a continuation that already runs.
   */
  static StageOutcome handOn(RunMessage message, PublishProgress next, HandOff handOff, Log log)
      throws IOException {
    // a new request, named by its own delivery; a shard's hand-off names the shard
    RunMessage continuation =
        message.withAttempt(next.segment() + 1).withRequest(null).forShard(null);
    // no write after this: the continuation may already run and record its own progress
    handOff.publish(continuation);
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
}

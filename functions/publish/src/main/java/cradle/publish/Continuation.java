package cradle.publish;

import cradle.publish.PublishProgress.Phase;
import cradle.shared.RunMessage;
import cradle.shared.StageFailedException;

/**
 * What a publish message asks for, given the run's recorded progress. A message asks for segment
 * {@code attempt - 1}: 0 is the publish's first invocation (the hand-off from await, or an
 * operator's replay), each later one a continuation that an earlier invocation handed to the
 * publish topic.
 */
enum Continuation {
  /** Begin: decide (precedence, count, guard) and write from the first row. */
  START,
  /** Go on from the recorded progress: a continuation, or a redelivery after a crash. */
  RESUME,
  /** A duplicate of a segment that already handed the publish on; re-send the hand-off if lost. */
  HANDED_ON,
  /** A duplicate continuation of a publish that has committed its meta: nothing to do. */
  FINISHED;

  static Continuation of(RunMessage message, PublishProgress progress, String where) {
    int segment = message.attempt() - 1;
    if (progress == null) {
      if (segment > 0) {
        throw new StageFailedException(
            "continuation "
                + segment
                + " of run "
                + message.runId()
                + " finds no progress at "
                + where
                + "; replay publish (attempt 1) to start it over");
      }
      return START;
    }
    if (progress.phase() == Phase.DONE) {
      return segment == 0 ? START : FINISHED;
    }
    if (progress.segment() == segment) {
      return RESUME;
    }
    if (progress.segment() > segment) {
      return HANDED_ON;
    }
    throw new StageFailedException(
        "continuation "
            + segment
            + " of run "
            + message.runId()
            + " arrives before segment "
            + progress.segment()
            + " handed the publish on ("
            + where
            + "); replay publish with attempt "
            + (progress.segment() + 1)
            + " to go on from there");
  }
}

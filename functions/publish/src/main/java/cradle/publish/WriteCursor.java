package cradle.publish;

import cradle.publish.PublishProgress.Position;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where the writing of reports stands: the last row added to a chunk, the row each chunk sent ends
 * with, and so the last row the database has acknowledged (writes are acknowledged in order).
 */
final class WriteCursor {
  /** How often the acknowledged position is recorded while writing. */
  static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(30);

  private final Clock clock;
  private final Deque<Position> sentEnds = new ArrayDeque<>();
  private Position last;
  private Position acknowledged;
  private long acknowledgedCount;
  private boolean any;
  private Position recorded;
  private Instant recordedAt;

  WriteCursor(Position start, Clock clock) {
    this.clock = clock;
    this.last = start;
    this.acknowledged = start;
    this.recorded = start;
    this.recordedAt = clock.instant();
  }

  /** A row was added to the chunk being filled. */
  void added(Position at) {
    last = at;
    any = true;
  }

  /** The chunk being filled, which ends with the last row added, is being sent. */
  void sent() {
    sentEnds.addLast(last);
  }

  /** The database has acknowledged {@code count} writes in all. */
  void acknowledged(long count) {
    while (acknowledgedCount < count && !sentEnds.isEmpty()) {
      acknowledged = sentEnds.removeFirst();
      acknowledgedCount++;
    }
  }

  boolean any() {
    return any;
  }

  Position last() {
    return last;
  }

  /** The acknowledged position has moved and was last recorded a while ago. */
  boolean checkpointDue() {
    return !acknowledged.equals(recorded)
        && !clock.instant().isBefore(recordedAt.plus(CHECKPOINT_EVERY));
  }

  /** The acknowledged position, noted as recorded now. */
  Position checkpoint() {
    recorded = acknowledged;
    recordedAt = clock.instant();
    return acknowledged;
  }
}

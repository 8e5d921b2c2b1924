package cradle.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When this invocation's segment ends: {@code CRADLE_PUBLISH_SEGMENT_SECONDS} after it began. */
record Deadline(Clock clock, Instant at) {
  static Deadline after(Clock clock, Duration segment) {
    return new Deadline(clock, clock.instant().plus(segment));
  }

  boolean over() {
    return !clock.instant().isBefore(at);
  }

  /** Thrown from inside a row stream to end the segment there. */
  static final class Over extends RuntimeException {
    Over() {
      super("segment over", null, false, false);
    }
  }
}

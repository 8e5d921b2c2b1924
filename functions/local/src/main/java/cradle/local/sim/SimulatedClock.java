package cradle.local.sim;

import cradle.shared.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock on which sleeping costs no real time: it shows the real time that has passed since it
 * started (the work done, at this machine's speed) plus every pause slept on it. A night of paced
 * writes then plays in the time its work takes, and the clock reads what the night would have
 * taken.
 */
public final class SimulatedClock extends Clock implements Sleeper {
  private final Instant start;
  private final long startNanos = System.nanoTime();
  private long skippedNanos;

  public SimulatedClock(Instant start) {
    this.start = start;
  }

  @Override
  public synchronized void sleep(Duration pause) {
    if (pause.isNegative()) {
      throw new IllegalArgumentException("negative pause " + pause);
    }
    skippedNanos += pause.toNanos();
  }

  /** How much of the clock's time was slept rather than worked. */
  public synchronized Duration skipped() {
    return Duration.ofNanos(skippedNanos);
  }

  /** The time since the clock started. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos + skippedNanos);
  }

  @Override
  public Instant instant() {
    return start.plus(elapsed());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** The same time, seen in another zone (the run-date arithmetic asks for one). */
  @Override
  public Clock withZone(ZoneId zone) {
    Clock self = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return self.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }
    };
  }
}

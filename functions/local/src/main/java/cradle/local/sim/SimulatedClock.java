package cradle.local.sim;

import cradle.shared.Sleeper;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock on which sleeping costs no real time: it shows the work done since it started plus every
 * pause slept on it. A night of paced writes then plays in the time its work takes, and the clock
 * reads what the night would have taken.
 *
 * <p>Work is counted as the CPU time this process has used, not as the time on the wall: on a
 * machine shared with other jobs the wall clock would charge their work too, and a function
 * instance has its core to itself. Work done on several cores at once counts in full, so the figure
 * is what one core would take (a function has one or two).
 */
public final class SimulatedClock extends Clock implements Sleeper {
  private final Instant start;
  private final LongSupplier workNanos;
  private final long startWork;
  private long skippedNanos;

  /** Counting this process's CPU time as work. */
  public SimulatedClock(Instant start) {
    this(start, SimulatedClock::processCpuNanos);
  }

  /**
   * @param workNanos a monotonic count of the work done, in nanoseconds
   */
  public SimulatedClock(Instant start, LongSupplier workNanos) {
    this.start = start;
    this.workNanos = workNanos;
    this.startWork = workNanos.getAsLong();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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

  /** The time since the clock started: the work done and the pauses slept. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(Math.max(0, workNanos.getAsLong() - startWork) + skippedNanos);
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

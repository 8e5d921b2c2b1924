package cradle.local.sim;

import cradle.shared.SleepingClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
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
public final class SimulatedClock extends SleepingClock {
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
  protected synchronized void pass(Duration pause) {
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
}

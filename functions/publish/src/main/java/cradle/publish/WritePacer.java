package cradle.publish;

import cradle.shared.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces out database writes so that bytes per minute and writes per second stay within budgets.
 * The Realtime Database sustains about 64 MB of writes a minute and about 1,000 writes a second per
 * database (firebase.google.com/docs/database/usage/limits); publish keeps under a smaller budget
 * so the app's own writes still get through during the nightly burst.
 *
 * <p>Each budget is a token bucket, kept as a "theoretical arrival time" (the generic cell rate
 * algorithm): a write may go once the time its predecessors' cost has used up lies no further ahead
 * than the burst allowance. Over any window of length W the writes sent then carry at most {@code
 * rate × W + burst} bytes, so with a burst of one second's budget a minute never sees more than
 * 61/60 of the budget.
 */
final class WritePacer {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Instant origin;
  private final Bucket bytes;
  private final Bucket writes;
  private Duration waited = Duration.ZERO;

  /**
   * @param bytesPerMinute the byte budget
   * @param writesPerSecond the write budget
   */
  WritePacer(long bytesPerMinute, int writesPerSecond, Clock clock, Sleeper sleeper) {
    if (bytesPerMinute <= 0 || writesPerSecond <= 0) {
      throw new IllegalArgumentException("budgets must be positive");
    }
    this.clock = clock;
    this.sleeper = sleeper;
    this.origin = clock.instant();
    // one second's budget may go at once; a larger write simply waits for its own cost
    this.bytes = new Bucket(60e9 / bytesPerMinute, bytesPerMinute / 60.0);
    this.writes = new Bucket(1e9 / writesPerSecond, writesPerSecond);
  }

  /** Waits until a write of {@code size} bytes fits both budgets, then counts it as sent. */
  void acquire(long size) throws InterruptedException {
    long now = sinceOrigin();
    long wait = Math.max(bytes.waitNanos(now, size), writes.waitNanos(now, 1));
    if (wait > 0) {
      Duration pause = Duration.ofNanos(wait);
      sleeper.sleep(pause);
      waited = waited.plus(pause);
      now = sinceOrigin();
    }
    bytes.take(now, size);
    writes.take(now, 1);
  }

  /** Nanoseconds since this pacer was made: small enough for a double to hold exactly. */
  private long sinceOrigin() {
    return Duration.between(origin, clock.instant()).toNanos();
  }

  /** The time spent waiting for the budgets so far. */
  Duration waited() {
    return waited;
  }

  /** One budget as a theoretical arrival time, in nanoseconds since the pacer's origin. */
  private static final class Bucket {
    private final double nanosPerUnit;
    private final double burstUnits;
    private double arrival = Double.NEGATIVE_INFINITY;

    Bucket(double nanosPerUnit, double burstUnits) {
      this.nanosPerUnit = nanosPerUnit;
      this.burstUnits = burstUnits;
    }

    long waitNanos(long now, long units) {
      // a write larger than the burst waits for the bucket to be full, not forever
      double allowance = Math.max(burstUnits, units) * nanosPerUnit;
      double earliest = arrival + units * nanosPerUnit - allowance;
      return (long) Math.ceil(Math.max(0, earliest - now));
    }

    void take(long now, long units) {
      arrival = Math.max(arrival, now) + units * nanosPerUnit;
    }
  }
}

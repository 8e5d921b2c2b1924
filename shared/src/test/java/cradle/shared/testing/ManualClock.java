package cradle.shared.testing;

import cradle.shared.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to, or when someone sleeps on it. */
public final class ManualClock extends Clock implements Sleeper {
  private Instant now;
  private Duration slept = Duration.ZERO;

  public ManualClock(Instant start) {
    this.now = start;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** The total time spent sleeping on this clock. */
  public synchronized Duration slept() {
    return slept;
  }

  @Override
  public synchronized void sleep(Duration pause) {
    if (pause.isNegative()) {
      throw new IllegalArgumentException("negative pause " + pause);
    }
    now = now.plus(pause);
    slept = slept.plus(pause);
  }

  @Override
  public synchronized Instant instant() {
    return now;
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

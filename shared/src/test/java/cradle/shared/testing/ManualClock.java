package cradle.shared.testing;

import cradle.shared.SleepingClock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to, or when someone sleeps on it. */
public final class ManualClock extends SleepingClock {
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
  protected synchronized void pass(Duration pause) {
    now = now.plus(pause);
    slept = slept.plus(pause);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }
}

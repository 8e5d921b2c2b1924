package cradle.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock on which a pause is taken, not waited: sleeping on it moves its time and costs the thread
 * none. The tests and the benchmark drive paced writes on one, so a night plays in seconds. Its
 * zone is UTC; {@link #withZone} shows the same time, and sleeps on the same clock, in another.
 */
public abstract class SleepingClock extends Clock implements Sleeper {
  @Override
  public final void sleep(Duration pause) {
    if (pause.isNegative()) {
      throw new IllegalArgumentException("negative pause " + pause);
    }
    pass(pause);
  }

  /** Moves the clock on by a pause slept on it. */
  protected abstract void pass(Duration pause);

  @Override
  public final ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public final Clock withZone(ZoneId zone) {
    return new InZone(this, zone);
  }

  private static final class InZone extends Clock implements Sleeper {
    private final SleepingClock clock;
    private final ZoneId zone;

    InZone(SleepingClock clock, ZoneId zone) {
      this.clock = clock;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return clock.withZone(other);
    }

    @Override
    public void sleep(Duration pause) {
      clock.sleep(pause);
    }
  }
}

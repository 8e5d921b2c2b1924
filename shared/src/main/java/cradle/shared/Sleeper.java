package cradle.shared;

import java.time.Clock;
import java.time.Duration;

/**
 * Waits. Comes with the clock it waits on: a clock the tests or the benchmark control also decides
 * how long a pause lasts, so a night of paced writes plays in seconds of real time.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration pause) throws InterruptedException;

  /** The clock's own sleeper when it has one, else the thread's. */
  static Sleeper of(Clock clock) {
    if (clock instanceof Sleeper own) {
      return own;
    }
    return pause -> Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
  }
}

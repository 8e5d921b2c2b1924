package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SleeperTest {
  @Test
  void of_aClockThatSleeps_isItsOwnSleeper_soPausesPassOnItsTime() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T00:00:00Z"));

    Sleeper sleeper = Sleeper.of(clock);
    sleeper.sleep(Duration.ofMinutes(5));

    assertSame(clock, sleeper);
    assertEquals(Instant.parse("2026-11-26T00:05:00Z"), clock.instant());
  }

  @Test
  void of_theSystemClock_sleepsTheThreadAtLeastThePause() throws Exception {
    Sleeper sleeper = Sleeper.of(Clock.systemUTC());
    long start = System.nanoTime();

    sleeper.sleep(Duration.ofMillis(30).plusNanos(500_000));

    assertTrue(System.nanoTime() - start >= 30_500_000L, "slept too little");
  }
}

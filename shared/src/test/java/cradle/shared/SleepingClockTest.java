package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SleepingClockTest {
  private static final Instant START = Instant.parse("2026-11-26T20:00:00Z");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @Test
  void inAnotherZone_showsTheSameTime_andSleepsOnTheSameClock() throws Exception {
    ManualClock clock = new ManualClock(START);
    Clock tokyo = clock.withZone(TOKYO);

    Sleeper.of(tokyo).sleep(Duration.ofMinutes(7));

    assertEquals(START.plusSeconds(420), clock.instant());
    assertEquals(START.plusSeconds(420), tokyo.instant());
    assertEquals(TOKYO, tokyo.getZone());
    assertEquals(LocalDate.parse("2026-11-27"), LocalDate.now(tokyo));
    assertEquals(Duration.ofMinutes(7), clock.slept());
  }

  @Test
  void aZoneOfAZone_isStillTheSameClock() {
    ManualClock clock = new ManualClock(START);
    Clock back = clock.withZone(TOKYO).withZone(ZoneOffset.UTC);

    clock.advance(Duration.ofHours(1));

    assertEquals(ZoneOffset.UTC, back.getZone());
    assertEquals(START.plusSeconds(3600), back.instant());
    assertEquals(ZoneOffset.UTC, clock.getZone());
  }

  @Test
  void aNegativePause_isRefused_andTheClockStays() {
    ManualClock clock = new ManualClock(START);

    assertThrows(IllegalArgumentException.class, () -> clock.sleep(Duration.ofSeconds(-1)));

    assertEquals(START, clock.instant());
    assertEquals(Duration.ZERO, clock.slept());
  }
}

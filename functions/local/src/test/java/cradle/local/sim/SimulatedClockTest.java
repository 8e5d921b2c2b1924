package cradle.local.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
  private static final Instant START = Instant.parse("2026-11-26T22:00:00Z");

  @Test
  void theClock_readsTheWorkDonePlusThePausesSlept() {
    AtomicLong work = new AtomicLong(5_000_000_000L); // work before the clock started is not its
    SimulatedClock clock = new SimulatedClock(START, work::get);

    work.addAndGet(2_000_000_000L);
    clock.sleep(Duration.ofMinutes(7));

    assertEquals(START.plusSeconds(7 * 60 + 2), clock.instant());
    assertEquals(Duration.ofMinutes(7), clock.skipped());
    assertEquals(START.plusSeconds(422), clock.withZone(ZoneId.of("Asia/Tokyo")).instant());
    assertThrows(IllegalArgumentException.class, () -> clock.sleep(Duration.ofSeconds(-1)));
  }

  @Test
  void theProcessClock_movesWithCpuWork_notWithTheWall() throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    SimulatedClock clock = new SimulatedClock(START);
    Thread.sleep(300); // waiting is no work; other threads of this JVM (GC, JIT, other tests') are
    Instant afterWaiting = clock.instant();
    long cpuDuringWait = Duration.ofNanos(os.getProcessCpuTime() - cpuBefore).toMillis();
    long x = 0;
    for (long i = 0; i < 300_000_000L; i++) {
      x += i ^ (x >>> 3);
    }

    assertEquals(
        true,
        Duration.between(START, afterWaiting).toMillis() <= cpuDuringWait + 20,
        afterWaiting + " after " + cpuDuringWait + " ms of this process's CPU");
    assertEquals(true, clock.instant().isAfter(afterWaiting), "work moves it " + x);
  }
}

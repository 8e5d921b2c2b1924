package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WritePacerTest {
  private static final long BUDGET = 56_000_000;

  /** What a database would see: when each write arrived and how big it was. */
  private record Arrival(long nanos, long bytes) {}

  private static final class RecordingSink implements ReportSink {
    final ManualClock clock;
    final List<Arrival> arrivals = new ArrayList<>();
    final Instant start;

    RecordingSink(ManualClock clock) {
      this.clock = clock;
      this.start = clock.instant();
    }

    @Override
    public CompletableFuture<Void> submit(UpdateChunk updates) {
      arrivals.add(
          new Arrival(Duration.between(start, clock.instant()).toNanos(), updates.json().length));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public JsonElement read(String path) {
      return null;
    }

    @Override
    public Transacted transact(
        String path, java.util.function.Function<JsonElement, java.util.Optional<JsonElement>> c) {
      throw new UnsupportedOperationException("the pacer never transacts");
    }
  }

  private static UpdateChunk chunk(int bytes) {
    return new UpdateChunk(new byte[bytes], 1);
  }

  /** The most bytes (or writes, when counting) that arrived within any window of that length. */
  private static long peak(List<Arrival> arrivals, Duration window, boolean count) {
    long best = 0;
    long sum = 0;
    int from = 0;
    for (int i = 0; i < arrivals.size(); i++) {
      sum += count ? 1 : arrivals.get(i).bytes();
      while (arrivals.get(i).nanos() - arrivals.get(from).nanos() >= window.toNanos()) {
        sum -= count ? 1 : arrivals.get(from).bytes();
        from++;
      }
      best = Math.max(best, sum);
    }
    return best;
  }

  @Test
  void anHourOfChunks_neverPassesTheBudgetInAnyMinute_andUsesIt() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T22:00:00Z"));
    RecordingSink db = new RecordingSink(clock);
    PacedReportSink paced = new PacedReportSink(db, new WritePacer(BUDGET, 100, clock, clock));
    SplittableRandom random = new SplittableRandom(7);
    long total = 0;
    while (total < 60 * BUDGET) {
      int size = 1_000 + random.nextInt(600_000);
      paced.submit(chunk(size));
      total += size;
      clock.advance(Duration.ofMillis(random.nextInt(30))); // the caller's own work
    }

    assertTrue(
        peak(db.arrivals, Duration.ofMinutes(1), false) <= BUDGET + BUDGET / 60,
        "peak minute " + peak(db.arrivals, Duration.ofMinutes(1), false));
    double minutes = Duration.between(db.start, clock.instant()).toNanos() / 60e9;
    assertEquals(60, minutes, 0.5, "an hour's budget takes an hour, not more");
    assertEquals(total, paced.bytes());
  }

  @Test
  void manySmallWrites_keepUnderTheWritesPerSecondBudget() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T22:00:00Z"));
    RecordingSink db = new RecordingSink(clock);
    PacedReportSink paced = new PacedReportSink(db, new WritePacer(BUDGET, 50, clock, clock));
    for (int i = 0; i < 5_000; i++) {
      paced.submit(chunk(100));
    }

    assertTrue(peak(db.arrivals, Duration.ofSeconds(1), true) <= 100, "50/s plus a second's burst");
    assertTrue(peak(db.arrivals, Duration.ofSeconds(10), true) <= 550);
    assertEquals(100, Duration.between(db.start, clock.instant()).toSeconds(), 1);
  }

  @Test
  void aWriteLargerThanOneSecondsBudget_waitsForAFullBucket_thenGoes() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T22:00:00Z"));
    RecordingSink db = new RecordingSink(clock);
    // 6 MB a minute: 100 KB a second, and writes of 1 MB
    PacedReportSink paced = new PacedReportSink(db, new WritePacer(6_000_000, 100, clock, clock));
    for (int i = 0; i < 4; i++) {
      paced.submit(chunk(1_000_000));
    }

    assertEquals(
        List.of(0L, 10L, 20L, 30L),
        db.arrivals.stream().map(a -> a.nanos() / 1_000_000_000).toList());
    assertEquals(Duration.ofSeconds(30), paced.pacer().waited());
  }

  @Test
  void idleTime_isNotSavedUpBeyondOneSecondsBurst() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T22:00:00Z"));
    RecordingSink db = new RecordingSink(clock);
    PacedReportSink paced = new PacedReportSink(db, new WritePacer(6_000_000, 100, clock, clock));
    clock.advance(Duration.ofMinutes(10)); // nothing written for ten minutes
    for (int i = 0; i < 20; i++) {
      paced.submit(chunk(50_000));
    }

    // 100 KB may go at once, the other 900 KB at 100 KB/s
    assertEquals(
        9, Duration.ofNanos(db.arrivals.get(19).nanos() - db.arrivals.get(0).nanos()).toSeconds());
  }
}

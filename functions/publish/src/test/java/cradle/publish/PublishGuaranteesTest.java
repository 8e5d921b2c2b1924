package cradle.publish;

import static cradle.publish.PublishHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.publish.PublishHarness.Target;
import cradle.shared.RetryLaterException;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.testing.LogCapture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What publish promises, tried as an operator, a duplicate delivery, a backfill and concurrent
 * instances would try it — on the local JSON file and through the Admin SDK into a protocol peer.
 */
class PublishGuaranteesTest {
  private static final LocalDate D24 = LocalDate.parse("2026-11-24");
  private static final LocalDate D25 = LocalDate.parse("2026-11-25");
  private static final LocalDate D26 = LocalDate.parse("2026-11-26");
  private static final Instant T1 = Instant.parse("2026-11-26T22:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T23:00:00Z");

  @TempDir Path dir;

  private PublishHarness harness(Target target) throws Exception {
    return new PublishHarness(target, dir);
  }

  private static Map<String, String> allBy(String runId, int from, int to) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = from; i < to; i++) {
      m.put("u" + i, runId);
    }
    return m;
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void newerThenOlderDate_theOlderIsSuperseded_andTheDatabaseUntouched(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-26", 0, 30);
    h.reports(D25, "run-25", 0, 40);
    h.deliver(message(D26, "run-26", T1, false));
    var before = h.reports();
    PublishedMeta metaBefore = h.meta();

    try (LogCapture logs = new LogCapture()) {
      h.deliver(message(D25, "run-25", T2, false));

      assertEquals(before, h.reports());
      assertEquals(metaBefore, h.meta());
      RunEvent last = h.last();
      assertEquals(RunEvent.Kind.SUPERSEDED, last.event());
      assertTrue(last.reason().contains("2026-11-26 run run-26"), last.reason());
      assertTrue(logs.errors().isEmpty(), "a backfill pages no one");
      assertTrue(
          logs.records().stream()
              .anyMatch(
                  r ->
                      r.getLevel() == Level.INFO
                          && r.getMessage().startsWith("publish superseded: the database shows")));
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void olderDateForced_rollsTheDatabaseBack_wholly(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-26", 0, 30);
    h.reports(D25, "run-25", 10, 40);
    h.deliver(message(D26, "run-26", T1, false));

    h.deliver(message(D25, "run-25", T1, true));

    assertEquals(allBy("run-25", 10, 40), h.writers());
    assertEquals("run-25", h.meta().runId());
    assertEquals(D25, h.meta().runDate());
    assertTrue(h.meta().forced());
    assertEquals(10, h.meta().removed());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void lateDuplicateOfAnEarlierRunOfTheSameDate_isSuperseded(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-early", 0, 30);
    h.reports(D26, "run-later", 0, 30);
    h.deliver(message(D26, "run-early", T1, false));
    h.deliver(message(D26, "run-later", T2, false));

    h.deliver(message(D26, "run-early", T1, false));

    assertEquals(allBy("run-later", 0, 30), h.writers());
    assertEquals("run-later", h.meta().runId());
    assertEquals(RunEvent.Kind.SUPERSEDED, h.last().event());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void sameRunDeliveredTwice_leavesTheSameDatabase(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 30);
    h.deliver(message(D26, "run-a", T1, false));
    var reports = h.reports();
    PublishedMeta meta = h.meta();

    h.deliver(message(D26, "run-a", T1, false));

    assertEquals(reports, h.reports());
    assertEquals(meta, h.meta());
    assertEquals(1L, ((Number) h.last().counts().get("already_published")).longValue());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void backfillOfThreeDatesStartedTogether_endsOnTheNewestDateWhole(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.reports(D24, "run-24", 0, 40);
    h.reports(D25, "run-25", 20, 60);
    h.reports(D26, "run-26", 10, 50);
    List<RunMessage> messages =
        List.of(
            message(D24, "run-24", T1, false),
            message(D26, "run-26", T1, false),
            message(D25, "run-25", T1, false));

    concurrently(h, messages);

    assertEquals(allBy("run-26", 10, 50), h.writers());
    PublishedMeta meta = h.meta();
    assertEquals("run-26", meta.runId());
    assertEquals(40, meta.reports());
    assertEquals(List.of(PublishHarness.reportPrefix(D26, "run-26")), meta.reportSources());
    assertNull(h.node("reports_meta_lease"), "the lease is released");
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void twoRunsOfOneDateAtOnce_leaveTheLaterStartedWhole_thenAHealthyRunLeavesNoOrphans(
      Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 40);
    h.reports(D26, "run-b", 30, 70);

    concurrently(h, List.of(message(D26, "run-a", T1, false), message(D26, "run-b", T2, false)));

    assertEquals(allBy("run-b", 30, 70), h.writers());
    assertEquals("run-b", h.meta().runId());
    assertEquals(40, h.meta().reports());

    h.reports(D26, "run-c", 35, 75);
    h.deliver(message(D26, "run-c", T2.plusSeconds(60), false));

    assertEquals(allBy("run-c", 35, 75), h.writers());
    assertEquals(List.of(PublishHarness.reportPrefix(D26, "run-c")), h.meta().reportSources());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void leaseHeldByAnotherPublish_asksForARedelivery_withAWarning_andWritesNothing(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 10);
    PublishLease other =
        new PublishLease(
            h.database(),
            "reports_meta_lease",
            Clock.fixed(PublishHarness.NOW, ZoneOffset.UTC),
            PublishLease.TERM);
    PublishLease.Held held = other.take("run-other");

    try (LogCapture logs = new LogCapture()) {
      RetryLaterException e =
          assertThrows(
              RetryLaterException.class, () -> h.deliver(message(D26, "run-a", T1, false)));

      assertTrue(e.getMessage().contains("run run-other"), e.getMessage());
      assertEquals(RunEvent.Kind.RETRYING, h.last().event());
      assertTrue(
          logs.records().stream()
              .anyMatch(
                  r ->
                      r.getLevel() == Level.WARNING
                          && r.getMessage().startsWith("will retry: another publish holds")));
      assertEquals(0, h.reports().size());
    }
    held.close();
    h.deliver(message(D26, "run-a", T1, false));
    assertEquals(10, h.reports().size());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void leaseOfACrashedHolder_isTakenOverOnceExpired(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 10);
    Clock then = Clock.fixed(PublishHarness.NOW.minus(Duration.ofMinutes(11)), ZoneOffset.UTC);
    new PublishLease(h.database(), "reports_meta_lease", then, PublishLease.TERM)
        .take("run-crashed"); // never released

    h.deliver(message(D26, "run-a", T1, false));

    assertEquals(10, h.reports().size());
    assertNull(h.node("reports_meta_lease"));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void crashMidwayThenAnotherRun_leavesNoOrphanOfTheCrashedRun(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 20);
    h.reports(D26, "run-b", 10, 200);
    h.reports(D26, "run-c", 15, 35);
    h.deliver(message(D26, "run-a", T1, false));
    h.env("CRADLE_PUBLISH_CHUNK_BYTES", "1024");
    h.wrapSink(sink -> new FailingSink(sink, 3));
    assertThrows(Exception.class, () -> h.deliver(message(D26, "run-b", T1.plusSeconds(1), true)));
    assertTrue(h.reports().size() > 20, "the crashed run wrote some reports");
    assertEquals("run-a", h.meta().runId(), "the meta still names the last published run");
    assertTrue(h.meta().reportSources().contains(PublishHarness.reportPrefix(D26, "run-b")));
    h.wrapSink(sink -> sink);

    h.deliver(message(D26, "run-c", T2, true));

    assertEquals(allBy("run-c", 15, 35), h.writers());
  }

  /** Starts every message at once on its own instance; each is redelivered until acknowledged. */
  private static void concurrently(PublishHarness h, List<RunMessage> messages) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(messages.size());
    CyclicBarrier start = new CyclicBarrier(messages.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (RunMessage m : messages) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  h.deliverUntilAcknowledged(m);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertFalse(h.events.stream().anyMatch(e -> e.event().failure()), h.eventLines().toString());
  }
}

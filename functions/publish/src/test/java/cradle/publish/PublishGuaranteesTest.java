package cradle.publish;

import static cradle.publish.PublishHarness.allBy;
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
import org.junit.jupiter.api.Test;
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
  void ofTwoRunsOfOneDate_theLaterStartedWins_whicheverIdSortsFirst(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-b-started-first", 0, 30);
    h.publishRun(D26, "run-a-started-second", 0, 30, T2);

    h.deliver(message(D26, "run-b-started-first", T1, false)); // late, though its id sorts after

    assertEquals("run-a-started-second", h.meta().runId());
    assertEquals(allBy("run-a-started-second", 0, 30), h.writers());
    assertEquals(RunEvent.Kind.SUPERSEDED, h.last().event());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void sameRunDeliveredTwice_leavesTheSameDatabase(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 30, T1);
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

    h.publishRun(D26, "run-c", 35, 75, T2.plusSeconds(60));

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

      assertEquals(
          "another publish holds the database's lease: run run-other until"
              + " 2026-11-27T00:10:00Z (600 s from now); will try again. If no publish of run"
              + " run-other is running, it crashed holding the lease: publish again after"
              + " 2026-11-27T00:10:00Z, when the lease frees itself",
          e.getMessage(),
          "which run holds it, until when, and what to do");
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

  @ParameterizedTest
  @EnumSource(Target.class)
  void sharpShrink_isRefused_theDatabaseUntouched_andAFailureEventRaised(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 100, T1);
    var before = h.reports();
    h.publishRun(D26, "run-b", 0, 79, T2);

    assertEquals(before, h.reports());
    assertEquals("run-a", h.meta().runId());
    assertEquals(List.of(PublishHarness.reportPrefix(D26, "run-a")), h.meta().reportSources());
    assertTrue(
        h.eventLines()
            .get(h.events.size() - 1)
            .startsWith("failed: refusing to publish 79 reports against 100 last time (21% fewer,"),
        h.eventLines().toString());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void shrinkOfExactlyTheAllowedFraction_publishes(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 100, T1);
    h.reports(D26, "run-b", 0, 80); // 20 % fewer: the limit itself is allowed

    h.deliver(message(D26, "run-b", T2, false));

    assertEquals(allBy("run-b", 0, 80), h.writers());
    assertEquals(20, h.meta().removed());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void forcedShrink_publishes_andRemovesTheBabiesNoLongerReported(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 100, T1);
    h.reports(D26, "run-b", 0, 70);

    h.deliver(message(D26, "run-b", T2, true));

    assertEquals(allBy("run-b", 0, 70), h.writers());
    assertEquals(30, h.meta().removed());
    assertTrue(h.meta().forced());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void emptyReport_isRefused_evenTheFirstTime(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.reports(D26, "run-a", 0, 0, "{\"user_id\":\"a/b\",\"baby_id\":\"b1\"}");

    h.deliver(message(D26, "run-a", T1, false));

    assertEquals(0, h.reports().size());
    assertFalse(h.meta().published());
    assertTrue(
        h.eventLines().get(h.events.size() - 1).startsWith("failed: refusing to publish an empty"),
        h.eventLines().toString());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void staleReports_areRemovedOnlyWhenTheRunIsHealthy(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 100, T1);
    // 95 good rows and one the database cannot hold: u99's absence proves nothing
    h.reports(D26, "run-b", 0, 95, "{\"user_id\":\"u99\",\"baby_id\":\"b.1\",\"sleep_min\":1}");

    h.deliver(message(D26, "run-b", T2, false));

    assertEquals(100, h.reports().size(), "nothing removed after a run with rejected rows");
    assertEquals(1, h.meta().rejected());
    assertEquals(
        List.of(
            PublishHarness.reportPrefix(D26, "run-a"), PublishHarness.reportPrefix(D26, "run-b")),
        h.meta().reportSources());

    h.publishRun(D26, "run-c", 0, 95, T2.plusSeconds(1));

    assertEquals(allBy("run-c", 0, 95), h.writers(), "a healthy run removes the 5 absent babies");
    assertEquals(5, h.meta().removed());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void valuesTheDatabaseCannotHold_areRejectedWithCounts_neverHalfWritten(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.reports(
        D26,
        "run-a",
        0,
        10,
        "{\"user_id\":\"u10\",\"baby_id\":\"b1\",\"sleep_min\":1e999}",
        "{\"user_id\":\"u11\",\"baby_id\":\"b1\",\"sleep_min\":1" + "0".repeat(400) + "}",
        "{\"user_id\":\"u12\",\"baby_id\":\"b1\",\"bad$key\":1}");

    h.deliver(message(D26, "run-a", T1, false));

    assertEquals(allBy("run-a", 0, 10), h.writers());
    assertEquals(3, h.meta().rejected());
    assertEquals(3L, ((Number) h.last().counts().get("rejected")).longValue());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void twoRowsForOneBaby_bothRejectedAndCounted_theBabyKeepsItsReport(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D25, "run-a", 0, 10, T1);
    h.reports(
        D26,
        "run-b",
        0,
        10,
        "{\"user_id\":\"u3\",\"baby_id\":\"b1\",\"sleep_min\":1,\"run_id\":\"run-b\"}");

    h.deliver(message(D26, "run-b", T2, false));

    Map<String, String> expected = allBy("run-b", 0, 10);
    expected.put("u3", "run-a");
    assertEquals(expected, h.writers(), "neither of u3's rows is published");
    assertEquals(9, h.meta().reports(), "the meta counts the nodes this run wrote");
    assertEquals(2, h.meta().rejected());
    assertEquals(2L, ((Number) h.last().counts().get("rejected")).longValue());
  }

  @Test
  void aStringOver10Mb_isRejectedAtTheCheckPass_beforeAnyWrite() throws Exception {
    PublishHarness h = harness(Target.JSON_FILE);
    h.reports(
        D26,
        "run-a",
        0,
        10,
        "{\"user_id\":\"u10\",\"baby_id\":\"b1\",\"note\":\""
            + "x".repeat(11 * 1024 * 1024)
            + "\"}");

    h.deliver(message(D26, "run-a", T1, false));

    assertEquals(allBy("run-a", 0, 10), h.writers());
    assertEquals(10, h.meta().reports());
    assertEquals(1, h.meta().rejected());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void metaWrittenBeforeReportSourcesExisted_stillRetiresTheLastRunsStaleReports(Target target)
      throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D25, "run-old", 0, 30, T1);
    // as an older build wrote it: no report_sources, no started_at
    var old = h.node("reports_meta").getAsJsonObject();
    old.remove("report_sources");
    old.remove("started_at");
    h.database().submit(cradle.shared.reshape.UpdateChunk.of(Map.of("reports_meta", old))).get();
    h.publishRun(D26, "run-new", 5, 30, T1);

    assertEquals(allBy("run-new", 5, 30), h.writers());
    assertEquals(5, h.meta().removed());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void earlierRunsRowsPartlyGone_removesWhatItCanAndSaysSo(Target target) throws Exception {
    PublishHarness h = harness(target);
    String a = PublishHarness.reportPrefix(D26, "run-a");
    h.reports(D26, "run-a", 0, 20);
    h.blobs.put(
        a + "report-2.jsonl", "{\"user_id\":\"u50\",\"baby_id\":\"b1\",\"run_id\":\"run-a\"}\n");
    h.deliver(message(D26, "run-a", T1, false));
    h.blobs.ghost(a + "report-2.jsonl");
    h.reports(D26, "run-b", 0, 18);

    try (LogCapture logs = new LogCapture()) {
      h.deliver(message(D26, "run-b", T2, false));

      assertTrue(
          logs.records().stream()
              .anyMatch(r -> r.getMessage().startsWith("stale reports partly removed: " + a)));
    }
    assertEquals(2, h.meta().removed());
    assertTrue(h.reports().has("u50"), "its row is gone, so its report cannot be found");
    assertFalse(h.reports().has("u19"));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void leaseLostMidway_stopsBeforeTheMeta_andAsksForARedelivery(Target target) throws Exception {
    PublishHarness h = harness(target);
    h.publishRun(D26, "run-a", 0, 20, T1);
    h.reports(D26, "run-b", 0, 20);
    String thief =
        "{\"run_id\":\"run-thief\",\"token\":\"t\",\"expires_at\":"
            + PublishHarness.NOW.plusSeconds(86_400).toEpochMilli()
            + "}";
    h.wrapSink(
        sink ->
            new FailingSink(sink, Integer.MAX_VALUE) {
              private boolean stolen;

              @Override
              public synchronized java.util.concurrent.CompletableFuture<Void> submit(
                  cradle.shared.reshape.UpdateChunk updates) throws java.io.IOException {
                if (!stolen
                    && updates.asMap().keySet().stream().anyMatch(k -> k.startsWith("reports/"))) {
                  stolen = true; // the lease expired under a frozen instance and was taken
                  sink.submit(
                          cradle.shared.reshape.UpdateChunk.of(
                              Map.of(
                                  "reports_meta_lease",
                                  com.google.gson.JsonParser.parseString(thief))))
                      .join();
                }
                return super.submit(updates);
              }
            });

    RetryLaterException e =
        assertThrows(RetryLaterException.class, () -> h.deliver(message(D26, "run-b", T2, false)));

    assertTrue(e.getMessage().contains("expired and was taken"), e.getMessage());
    assertEquals("run-a", h.meta().runId(), "no meta from a publish that lost its lease");
    assertEquals(
        "run-thief", h.node("reports_meta_lease").getAsJsonObject().get("run_id").getAsString());
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

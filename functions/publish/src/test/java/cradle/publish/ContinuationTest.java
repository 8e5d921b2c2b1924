package cradle.publish;

import static cradle.publish.PublishHarness.allBy;
import static cradle.publish.PublishHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.publish.PublishHarness.Target;
import cradle.shared.RetryLaterException;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.SleepingClock;
import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A publish too long for one invocation: it records its progress, keeps the lease and hands a
 * continuation to its own topic. Tried as the platform would break it: a crash between segments and
 * inside one, duplicate continuations, a replay after the end.
 */
class ContinuationTest {
  private static final LocalDate D25 = LocalDate.parse("2026-11-25");
  private static final LocalDate D26 = LocalDate.parse("2026-11-26");
  private static final Instant T1 = Instant.parse("2026-11-26T22:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-26T23:00:00Z");
  private static final int BABIES = 400;

  @TempDir Path dir;

  /** An instance dying: no catch in the function stops it, and nothing is acknowledged. */
  static final class Crash extends Error {
    Crash(String where) {
      super("instance died " + where);
    }
  }

  /** Counts what reaches the database per path, and can die after a number of report writes. */
  static final class Watch {
    final Map<String, Integer> writesByPath = new ConcurrentHashMap<>();
    volatile int dieAfterWrites = Integer.MAX_VALUE;
    volatile boolean dead;
    int reportWrites;

    ReportSink wrap(ReportSink sink) {
      return new ForwardingReportSink(sink) {
        @Override
        protected void beforeEachCall() {
          alive();
        }

        @Override
        public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
          alive();
          JsonObject o =
              JsonParser.parseString(new String(updates.json(), StandardCharsets.UTF_8))
                  .getAsJsonObject();
          if (o.keySet().stream().anyMatch(k -> k.startsWith("reports/"))) {
            if (++reportWrites > dieAfterWrites) {
              dead = true;
              alive();
            }
          }
          o.keySet().forEach(k -> writesByPath.merge(k, 1, Integer::sum));
          return sink.submit(updates);
        }
      };
    }

    private void alive() {
      if (dead) {
        throw new Crash("while writing");
      }
    }

    long reportPathsWrittenTwice() {
      return writesByPath.entrySet().stream()
          .filter(e -> e.getKey().startsWith("reports/") && e.getValue() > 1)
          .count();
    }
  }

  private final ManualClock clock = new ManualClock(T2);
  private final Watch watch = new Watch();

  /** 100 bytes a second, 1,000-byte writes, 60 s segments: about 6 KB an invocation. */
  private PublishHarness segmented(Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    h.clock(clock).wrapSink(watch::wrap);
    h.env("CRADLE_PUBLISH_BYTES_PER_MINUTE", "6000");
    h.env("CRADLE_PUBLISH_CHUNK_BYTES", "1000");
    h.env("CRADLE_PUBLISH_SEGMENT_SECONDS", "60");
    return h;
  }

  /** Delivers the message, then every continuation in turn, as Pub/Sub would. */
  private static int pump(PublishHarness h, RunMessage first) throws Exception {
    h.deliver(first);
    int delivered = 1;
    while (h.handedOff.size() >= delivered) {
      h.deliver(h.handedOff.get(delivered - 1));
      delivered++;
    }
    return delivered;
  }

  /** The same reports through one uninterrupted invocation, in a database of its own. */
  private JsonObject uninterrupted(Target target, boolean withEarlierRun) throws Exception {
    Path other = dir.resolve("uninterrupted");
    java.nio.file.Files.createDirectories(other);
    PublishHarness h = new PublishHarness(target, other);
    if (withEarlierRun) {
      h.reports(D25, "run-25", 100, 100 + BABIES);
      h.deliver(message(D25, "run-25", T1, false));
    }
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    assertTrue(h.handedOff.isEmpty(), "one invocation is enough at the default budget");
    return h.reports();
  }

  private static PublishHarness withEarlierRun(PublishHarness h) throws Exception {
    h.reports(D25, "run-25", 100, 100 + BABIES); // u0..u99 are new, u400..u499 go stale
    h.reports(D26, "run-26", 0, BABIES);
    return h;
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aLongPublish_goesOnInContinuations_andEndsAsOneInvocationWould(Target target)
      throws Exception {
    PublishHarness h = withEarlierRun(segmented(target));
    h.deliver(message(D25, "run-25", T1, false));
    pumpRest(h, 1);
    assertTrue(h.handedOff.size() > 2, "run-25 itself took " + h.handedOff.size());
    assertEquals("run-25", h.meta().runId());
    int before = h.handedOff.size();
    List<String> metaRuns = new ArrayList<>();
    h.beforeHandOff = () -> metaRuns.add(metaRunId(h));

    h.deliver(message(D26, "run-26", T2, false));
    pumpRest(h, before + 1);

    int segments = h.handedOff.size() - before + 1;
    assertTrue(segments >= 4, "segments: " + segments);
    assertTrue(
        metaRuns.stream().allMatch("run-25"::equals),
        "the meta is committed only after the last segment: " + metaRuns);
    PublishedMeta meta = h.meta();
    assertEquals("run-26", meta.runId());
    assertEquals(BABIES, meta.reports());
    assertEquals(100, meta.removed());
    assertEquals(uninterrupted(target, true), h.reports());
    assertEquals(
        2,
        watch.writesByPath.values().stream().mapToInt(Integer::intValue).max().orElse(0),
        "each path written once per run");
    assertEquals(400, watch.reportPathsWrittenTwice(), "u100-u399 by both runs, u400-u499 deleted");
    assertNull(h.node("reports_meta_lease"), "the lease is released at the end");
    assertTrue(
        h.events.stream()
            .allMatch(
                e -> e.event() == RunEvent.Kind.STARTED || e.event() == RunEvent.Kind.SUCCEEDED),
        h.eventLines().toString());
  }

  private static String metaRunId(PublishHarness h) {
    try {
      return h.meta().runId();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Delivers the hand-offs from index {@code from - 1} on until none is left. */
  private static void pumpRest(PublishHarness h, int from) throws Exception {
    for (int i = from - 1; i < h.handedOff.size(); i++) {
      h.deliver(h.handedOff.get(i));
    }
  }

  @Test
  void aCrashBetweenSegments_isFinishedByTheRedelivery_withoutResendingAnything() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.reports(D26, "run-26", 0, BABIES);
    int[] handOffs = {0};
    h.beforeHandOff =
        () -> {
          if (++handOffs[0] == 2) {
            throw new Crash("after recording segment 2, before handing it off");
          }
        };
    h.deliver(message(D26, "run-26", T2, false));
    RunMessage segment1 = h.handedOff.get(0);
    assertThrows(Crash.class, () -> h.deliver(segment1));

    h.deliver(segment1); // Pub/Sub redelivers what was never acknowledged
    pumpRest(h, 2);

    assertEquals(uninterrupted(Target.JSON_FILE, false), h.reports());
    assertEquals(0, watch.reportPathsWrittenTwice(), "nothing acknowledged is sent again");
    assertEquals("run-26", h.meta().runId());
  }

  @Test
  void aContinuation_isANewRequestOfTheRun_keepingItsStartAndForce() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.reports(D26, "run-26", 0, BABIES);
    h.deliver(message(D26, "run-26", T2, true));

    RunMessage segment1 = h.handedOff.get(0);
    assertEquals("run-26", segment1.runId());
    assertEquals(2, segment1.attempt());
    assertNull(segment1.request(), "its own delivery names its request");
    assertEquals(T2, segment1.startedAt());
    assertTrue(segment1.force());
  }

  @Test
  void aCrashInsideASegment_resumesAtTheLastRecordedPosition_onceTheLeaseExpires()
      throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    RunMessage segment1 = h.handedOff.get(0);
    h.env("CRADLE_PUBLISH_SEGMENT_SECONDS", "300"); // long enough for checkpoints inside
    watch.dieAfterWrites = watch.reportWrites + 8; // 80 s into the segment
    assertThrows(Crash.class, () -> h.deliver(segment1));
    watch.dead = false;
    watch.dieAfterWrites = Integer.MAX_VALUE;

    RetryLaterException held = assertThrows(RetryLaterException.class, () -> h.deliver(segment1));
    assertTrue(held.getMessage().contains("lease"), held.getMessage());
    clock.advance(PublishLease.TERM);
    h.deliver(segment1);
    pumpRest(h, 2);

    assertEquals(uninterrupted(Target.JSON_FILE, false), h.reports());
    // 8 writes of about 12 babies went before the crash; a checkpoint at 30 s and 60 s
    long resent = watch.reportPathsWrittenTwice();
    assertTrue(
        resent > 0 && resent <= 4 * 12,
        "re-sent only what was acknowledged since the last checkpoint (and in flight): " + resent);
    assertEquals(BABIES, h.meta().reports());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void everyContinuationDeliveredTwice_writesEachReportOnce(Target target) throws Exception {
    PublishHarness h = segmented(target);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    for (int i = 0; i < h.handedOff.size(); i++) {
      h.deliver(h.handedOff.get(i));
      h.deliver(h.handedOff.get(i)); // the duplicate, after the original finished
    }
    h.deliver(message(D26, "run-26", T2, false)); // and the first message, replayed at the end

    assertEquals(uninterrupted(target, false), h.reports());
    assertEquals(0, watch.reportPathsWrittenTwice());
    assertTrue(h.handedOff.size() >= 3);
    assertEquals(BABIES, h.meta().reports());
    List<RunEvent> ends =
        h.events.stream().filter(e -> e.event() != RunEvent.Kind.STARTED).toList();
    assertTrue(
        ends.stream().allMatch(e -> e.event() == RunEvent.Kind.SUCCEEDED),
        h.eventLines().toString());
    assertTrue(
        ends.stream().anyMatch(e -> count(e, "duplicate") == 1),
        "second deliveries end as duplicates: " + h.eventLines());
    assertEquals(1L, count(ends.get(ends.size() - 1), "already_published"));
  }

  @Test
  void aDuplicateOfARunningContinuation_waitsForTheLease() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    RunMessage segment1 = h.handedOff.get(0);
    PublishProgress handedOn =
        new ProgressStore(h.blobs, PublishHarness.ARTIFACTS + "/runs/" + D26 + "/run-26/publish/")
            .read();
    PublishLease lease =
        new PublishLease(h.database(), "reports_meta_lease", clock, PublishLease.TERM);

    try (PublishLease.Held running = lease.takeOver("run-26", handedOn.token())) {
      assertThrows(RetryLaterException.class, () -> h.deliver(segment1));
      assertThrows(
          RetryLaterException.class, () -> lease.takeOver("run-26", handedOn.token()).close());
    }
  }

  @Test
  void aContinuationWithoutProgress_orAheadOfIt_failsNamingWhatToReplay() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.reports(D26, "run-26", 0, BABIES);
    RunMessage third = message(D26, "run-26", T2, false).withAttempt(3);

    h.deliver(third);
    assertEquals(RunEvent.Kind.FAILED, h.last().event());
    assertTrue(h.last().reason().contains("finds no progress"), h.last().reason());

    h.deliver(message(D26, "run-26", T2, false));
    RunMessage sixth = message(D26, "run-26", T2, false).withAttempt(6);
    h.deliver(sixth);
    assertTrue(h.last().reason().contains("replay publish with attempt 2"), h.last().reason());
  }

  private static long count(RunEvent event, String name) {
    Object n = event.counts().get(name);
    return n == null ? 0 : ((Number) n).longValue();
  }

  /** A clock that moves a second every time it is read: an invocation's time is up in few rows. */
  private static final class TickingClock extends SleepingClock {
    private Instant now;

    TickingClock(Instant start) {
      this.now = start;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plusSeconds(1);
      return now;
    }

    @Override
    protected synchronized void pass(Duration pause) {
      now = now.plus(pause);
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void staleBabiesOfTwoEarlierRuns_areRemovedAndCountedOnce_whenRetiringSpansInvocations(
      Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    h.publishRun(D26, "run-a", 0, 100, T1);
    // a row the database cannot hold: nothing is retired, and both runs stay report sources
    h.reports(D26, "run-b", 0, 100, "{\"user_id\":\"u99\",\"baby_id\":\"b.1\",\"sleep_min\":1}");
    h.deliver(message(D26, "run-b", T1.plusSeconds(1), false));
    assertEquals(2, h.meta().reportSources().size());
    h.clock(new TickingClock(T2)).env("CRADLE_PUBLISH_SEGMENT_SECONDS", "60");

    h.reports(D26, "run-c", 20, 120); // u0..u19 are stale, named by both earlier runs
    pump(h, message(D26, "run-c", T2, false));

    assertTrue(h.handedOff.size() > 3, "invocations: " + (h.handedOff.size() + 1));
    assertEquals(allBy("run-c", 20, 120), h.writers());
    assertEquals(20, h.meta().removed(), "each stale baby counted once");
    assertTrue(
        !h.blobs
            .list(PublishHarness.ARTIFACTS + "/runs/" + D26 + "/run-c/publish/retired-")
            .isEmpty(),
        "retiring went on in a later invocation");
    assertEquals(List.of(PublishHarness.reportPrefix(D26, "run-c")), h.meta().reportSources());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void anotherRun_betweenTwoSegments_waitsForTheLease(Target target) throws Exception {
    PublishHarness h = segmented(target);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    h.reports(D26, "run-26b", 0, BABIES);

    assertThrows(
        RetryLaterException.class,
        () -> h.deliver(message(D26, "run-26b", T2.plusSeconds(60), false)));
    pumpRest(h, 1);

    assertEquals("run-26", h.meta().runId());
    assertEquals(allBy("run-26", 0, BABIES), h.writers());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aContinuationLateEnoughThatAnotherRunWasPublished_startsOver(Target target)
      throws Exception {
    PublishHarness h = segmented(target);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    RunMessage late = h.handedOff.get(0);
    clock.advance(PublishLease.TERM.plusMinutes(1)); // the continuation outlived the lease
    h.reports(D25, "run-25", 0, 50);
    int before = h.handedOff.size();
    h.deliver(message(D25, "run-25", T1, false));
    pumpRest(h, before + 1);
    assertEquals("run-25", h.meta().runId());
    assertEquals(allBy("run-25", 0, 50), h.writers(), "run-26's first segment retired with it");
    before = h.handedOff.size();

    try (LogCapture logs = new LogCapture()) {
      h.deliver(late);
      assertTrue(
          logs.records().stream()
              .anyMatch(r -> r.getMessage().startsWith("another run was published since")),
          "a warning says why it starts over");
    }
    pumpRest(h, before + 1);

    assertEquals("run-26", h.meta().runId());
    assertEquals(allBy("run-26", 0, BABIES), h.writers());
    assertEquals(BABIES, h.meta().reports());
  }

  @Test
  void aCrashAfterTheMetaWasCommitted_isRedeliveredAsAlreadyPublished() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.reports(D26, "run-26", 0, BABIES);
    h.blobs.beforeWrite =
        (uri, content) -> {
          if (uri.endsWith("/progress.json")
              && new String(content, StandardCharsets.UTF_8).contains("\"phase\":\"DONE\"")) {
            watch.dead = true;
            throw new Crash("after committing the meta, before recording it");
          }
        };
    h.deliver(message(D26, "run-26", T2, false));
    RunMessage last = null;
    for (int i = 0; i < h.handedOff.size() && last == null; i++) {
      try {
        h.deliver(h.handedOff.get(i));
      } catch (Crash expected) {
        last = h.handedOff.get(i);
      }
    }
    assertTrue(last != null && last.attempt() > 2, "crashed in a later segment: " + last);
    assertEquals("run-26", h.meta().runId(), "the meta was committed before the crash");
    PublishedMeta committed = h.meta();
    h.blobs.beforeWrite = (uri, content) -> {};
    watch.dead = false;
    clock.advance(PublishLease.TERM); // the crashed invocation never released its lease

    h.deliver(last);

    assertEquals(RunEvent.Kind.SUCCEEDED, h.last().event(), h.eventLines().toString());
    assertEquals(1L, count(h.last(), "already_published"));
    assertEquals(committed, h.meta());
    assertEquals(
        PublishProgress.Phase.DONE,
        new ProgressStore(h.blobs, PublishHarness.ARTIFACTS + "/runs/" + D26 + "/run-26/publish/")
            .read()
            .phase(),
        "recorded as finished");
    h.deliver(last);
    assertEquals(RunEvent.Kind.SUCCEEDED, h.last().event(), "and then it is finished");
    assertEquals(allBy("run-26", 0, BABIES), h.writers());
  }

  @Test
  void aDuplicateOfASegment_whoseContinuationRuns_handsNothingOnAgain() throws Exception {
    PublishHarness h = segmented(Target.JSON_FILE);
    h.publishRun(D26, "run-26", 0, BABIES, T2);
    h.deliver(h.handedOff.get(0));
    RunMessage second = h.handedOff.get(0);
    watch.dieAfterWrites = watch.reportWrites + 1; // the third segment dies while it writes
    assertThrows(Crash.class, () -> h.deliver(h.handedOff.get(1)));
    watch.dead = false;
    int handedOff = h.handedOff.size();

    h.deliver(second);

    assertEquals(handedOff, h.handedOff.size(), "the third segment had started: no new hand-off");
    assertEquals(1L, count(h.last(), "duplicate"));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void timeUpAtTheFirstRowOfTheNextEarlierRun_resumesAtThatRunsFirstRow(Target target)
      throws Exception {
    PublishHarness h = new PublishHarness(target, dir).clock(clock);
    h.env("CRADLE_PUBLISH_SEGMENT_SECONDS", "60");
    h.publishRun(D26, "run-a", 0, 100, T1);
    // a row the database cannot hold: nothing is retired, and both runs stay report sources
    h.reports(D26, "run-b", 50, 150, "{\"user_id\":\"u99\",\"baby_id\":\"b.1\",\"sleep_min\":1}");
    h.deliver(message(D26, "run-b", T1.plusSeconds(1), false));
    h.reports(D26, "run-c", 0, 90);
    String runB = PublishHarness.reportPrefix(D26, "run-b");
    boolean[] jumped = {false};
    h.blobs.beforeOpen =
        uri -> {
          if (uri.startsWith(runB) && !jumped[0]) {
            jumped[0] = true; // retiring reaches run-b: this invocation's time is up
            clock.advance(Duration.ofSeconds(61));
          }
        };

    pump(h, message(D26, "run-c", T2, false));

    assertEquals(1, h.handedOff.size(), "one hand-off, at run-b's first row");
    assertEquals(allBy("run-c", 0, 90), h.writers(), "u90-u149 gone, none left behind");
    assertEquals(60, h.meta().removed());
  }
}

package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.publish.PublishDecisions.Resume;
import cradle.publish.PublishDecisions.Start;
import cradle.publish.PublishProgress.Phase;
import cradle.publish.PublishProgress.Position;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The publish's decisions at their edges, without a database. */
class PublishDecisionsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
  private static final Instant T = Instant.parse("2026-11-27T01:00:00Z");
  private static final String PREFIX = "gs://b/runs/2026-11-26/run-b/report/";
  private static final String EARLIER = "gs://b/runs/2026-11-25/run-a/report/";

  private static RunMessage message(
      String runId, LocalDate date, Instant startedAt, boolean force, int attempt) {
    return RunMessage.start(runId, date, Stage.PUBLISH)
        .withAttempt(attempt)
        .withForce(force)
        .withStartedAt(startedAt);
  }

  private static PublishedMeta meta(
      String runId, LocalDate date, Instant startedAt, List<String> sources, String lastWriter) {
    return new PublishedMeta(
        date, runId, startedAt, 100, 0, 0, PREFIX, sources, false, T, lastWriter);
  }

  private static PublishedMeta published(String runId, LocalDate date, Instant startedAt) {
    return meta(runId, date, startedAt, List.of(), runId);
  }

  private static PublishProgress progress(String basedOn, Instant startedAt, boolean forced) {
    return new PublishProgress(
        "run-b",
        1,
        Phase.WRITE,
        new Position(0, 27),
        0,
        100,
        0,
        0,
        List.of(PREFIX),
        basedOn,
        "token",
        true,
        startedAt,
        forced);
  }

  @Test
  void onStart_nothingPublished_publishes() {
    assertEquals(
        Start.PUBLISH,
        PublishDecisions.onStart(message("run-b", DAY, T, false, 1), PublishedMeta.NONE));
  }

  @Test
  void onStart_theSameRun_isAlreadyPublished_unlessForced() {
    PublishedMeta meta = published("run-b", DAY, T);
    assertEquals(
        Start.ALREADY_PUBLISHED,
        PublishDecisions.onStart(message("run-b", DAY, T, false, 1), meta));
    assertEquals(Start.PUBLISH, PublishDecisions.onStart(message("run-b", DAY, T, true, 1), meta));
  }

  @Test
  void onStart_aLaterDate_winsWhateverItsStart() {
    PublishedMeta meta = published("run-a", DAY.minusDays(1), T.plusSeconds(3600));
    assertEquals(
        Start.PUBLISH, PublishDecisions.onStart(message("run-b", DAY, null, false, 1), meta));
  }

  @Test
  void onStart_anEarlierDate_isSuperseded_unlessForced() {
    PublishedMeta meta = published("run-a", DAY, T);
    RunMessage older = message("run-z", DAY.minusDays(1), T.plusSeconds(3600), false, 1);
    assertEquals(Start.SUPERSEDED, PublishDecisions.onStart(older, meta));
    assertEquals(
        Start.PUBLISH,
        PublishDecisions.onStart(
            message("run-z", DAY.minusDays(1), T.plusSeconds(3600), true, 1), meta));
  }

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource({
    // message start (seconds after T, empty: unknown), published start, decision
    "1, 0, PUBLISH",
    "0, 1, SUPERSEDED",
    ", 0, SUPERSEDED", // unknown counts as earliest
    "0, , PUBLISH",
  })
  void onStart_oneDate_theRunStartedLaterWins(Long mine, Long theirs, Start expected) {
    PublishedMeta meta =
        published("run-z", DAY, theirs == null ? null : T.plusSeconds(theirs)); // z sorts last
    RunMessage m = message("run-a", DAY, mine == null ? null : T.plusSeconds(mine), false, 1);
    assertEquals(expected, PublishDecisions.onStart(m, meta));
  }

  @Test
  void onStart_sameDateAndStart_theRunIdBreaksTheTie() {
    assertEquals(
        Start.PUBLISH,
        PublishDecisions.onStart(message("run-b", DAY, T, false, 1), published("run-a", DAY, T)));
    assertEquals(
        Start.SUPERSEDED,
        PublishDecisions.onStart(message("run-a", DAY, T, false, 1), published("run-b", DAY, T)));
  }

  @Test
  void onResume_metaUnchanged_andLastWriterItself_goesOn() {
    PublishedMeta meta = meta("run-a", DAY, T, List.of(EARLIER, PREFIX), "run-b");
    assertEquals(
        Resume.GO_ON, PublishDecisions.onResume("run-b", progress("run-a", T, false), meta));
  }

  @Test
  void onResume_nothingEverPublished_andLastWriterItself_goesOn() {
    PublishedMeta meta = meta(null, null, null, List.of(PREFIX), "run-b");
    assertEquals(Resume.GO_ON, PublishDecisions.onResume("run-b", progress(null, T, false), meta));
  }

  @Test
  void onResume_itsOwnMetaCommitted_isAlreadyCommitted() {
    PublishedMeta meta = published("run-b", DAY, T);
    assertEquals(
        Resume.ALREADY_COMMITTED,
        PublishDecisions.onResume("run-b", progress("run-a", T, false), meta));
  }

  @Test
  void onResume_anotherRunPublishedMeanwhile_startsOver() {
    PublishedMeta meta = meta("run-c", DAY, T, List.of(PREFIX), "run-b");
    assertEquals(
        Resume.ANOTHER_RUN_PUBLISHED,
        PublishDecisions.onResume("run-b", progress("run-a", T, false), meta));
    assertEquals(
        Resume.ANOTHER_RUN_PUBLISHED,
        PublishDecisions.onResume("run-b", progress(null, T, false), meta));
  }

  @Test
  void onResume_anotherRunWroteMeanwhile_orNoWriterRecorded_startsOver() {
    assertEquals(
        Resume.ANOTHER_RUN_WROTE,
        PublishDecisions.onResume(
            "run-b",
            progress("run-a", T, false),
            meta("run-a", DAY, T, List.of(EARLIER, PREFIX), "run-x")));
    assertEquals(
        Resume.ANOTHER_RUN_WROTE,
        PublishDecisions.onResume(
            "run-b",
            progress("run-a", T, false),
            meta("run-a", DAY, T, List.of(EARLIER, PREFIX), null)));
  }

  @Test
  void asBegun_aFirstDelivery_isTheMessage() {
    RunMessage m = message("run-b", DAY, null, false, 1);
    assertSame(m, PublishDecisions.asBegun(m, Continuation.START, null));
    RunMessage started = message("run-b", DAY, T, true, 1);
    assertSame(
        started,
        PublishDecisions.asBegun(
            started, Continuation.START, progress(null, T.minusSeconds(9), false)));
  }

  @Test
  void asBegun_aReplayWithoutStart_takesTheRecordedStart_keepsItsOwnForce() {
    RunMessage replay = message("run-b", DAY, null, true, 1);
    RunMessage begun =
        PublishDecisions.asBegun(replay, Continuation.START, progress(null, T, false));
    assertEquals(T, begun.startedAt());
    assertTrue(begun.force());
  }

  @Test
  void asBegun_aContinuation_takesTheRecordedStartAndForce_overItsMessage() {
    RunMessage handWritten = message("run-b", DAY, T.plusSeconds(60), false, 2);
    RunMessage begun =
        PublishDecisions.asBegun(handWritten, Continuation.RESUME, progress(null, T, true));
    assertEquals(T, begun.startedAt());
    assertTrue(begun.force());
    assertEquals(2, begun.attempt());
  }

  @Test
  void asBegun_aContinuationOfAnUnknownStart_keepsTheMessagesStart() {
    RunMessage m = message("run-b", DAY, T, false, 2);
    assertEquals(
        T,
        PublishDecisions.asBegun(m, Continuation.HANDED_ON, progress(null, null, false))
            .startedAt());
  }

  @Test
  void shrinkRefusal_forced_refusesNothing() {
    assertEquals(Optional.empty(), PublishDecisions.shrinkRefusal(0, 100, true, 0.2));
    assertEquals(Optional.empty(), PublishDecisions.shrinkRefusal(1, 100, true, 0.2));
  }

  @Test
  void shrinkRefusal_empty_isRefused_evenWithNothingBefore() {
    assertEquals(
        Optional.of(
            "refusing to publish an empty report (the last run published 0); replay publish with"
                + " force to publish it anyway"),
        PublishDecisions.shrinkRefusal(0, 0, false, 0.2));
  }

  @Test
  void shrinkRefusal_theFirstRun_anyCount() {
    assertEquals(Optional.empty(), PublishDecisions.shrinkRefusal(1, 0, false, 0.2));
  }

  @Test
  void shrinkRefusal_atTheLimit_publishes_oneBelow_isRefused() {
    assertEquals(Optional.empty(), PublishDecisions.shrinkRefusal(80, 100, false, 0.2));
    assertEquals(
        Optional.of(
            "refusing to publish 79 reports against 100 last time (21% fewer, more than the 20%"
                + " allowed by CRADLE_PUBLISH_MAX_SHRINK); replay publish with force to publish"
                + " anyway"),
        PublishDecisions.shrinkRefusal(79, 100, false, 0.2));
  }

  @Test
  void shrinkRefusal_growth_publishes() {
    assertEquals(Optional.empty(), PublishDecisions.shrinkRefusal(500, 100, false, 0));
    assertTrue(PublishDecisions.shrinkRefusal(99, 100, false, 0).isPresent());
  }

  @Test
  void claimBeforeWriting_unlessTheMetaNamesTheRunAsSourceAndLastWriter() {
    assertTrue(
        PublishDecisions.claimBeforeWriting(
            meta("run-a", DAY, T, List.of(EARLIER), "run-b"), PREFIX, "run-b"));
    assertTrue(
        PublishDecisions.claimBeforeWriting(
            meta("run-a", DAY, T, List.of(EARLIER, PREFIX), "run-a"), PREFIX, "run-b"));
    assertTrue(
        PublishDecisions.claimBeforeWriting(
            meta("run-a", DAY, T, List.of(EARLIER, PREFIX), null), PREFIX, "run-b"));
    assertFalse(
        PublishDecisions.claimBeforeWriting(
            meta("run-a", DAY, T, List.of(EARLIER, PREFIX), "run-b"), PREFIX, "run-b"));
  }

  @Test
  void afterWriting_retiresOnlyAfterAHealthyRun() {
    assertEquals(Phase.RETIRE, PublishDecisions.afterWriting(0));
    assertEquals(Phase.COMMIT, PublishDecisions.afterWriting(1));
  }

  @Test
  void retiresFrom_everyEarlierRun_neverItsOwn() {
    assertTrue(PublishDecisions.retiresFrom(EARLIER, PREFIX));
    assertFalse(PublishDecisions.retiresFrom(PREFIX, PREFIX));
  }

  @Test
  void stale_aPathThisRunDoesNotWrite() {
    KeyHashes published = new KeyHashes();
    published.add("reports/u1/b1");
    assertFalse(PublishDecisions.stale("reports/u1/b1", published));
    assertTrue(PublishDecisions.stale("reports/u1/b2", published));
  }

  @Test
  void committedSources_aHealthyRunAlone_otherwiseEverySourceStays() {
    assertEquals(
        List.of(PREFIX), PublishDecisions.committedSources(0, PREFIX, List.of(EARLIER, PREFIX)));
    assertEquals(
        List.of(EARLIER, PREFIX),
        PublishDecisions.committedSources(3, PREFIX, List.of(EARLIER, PREFIX)));
  }
}

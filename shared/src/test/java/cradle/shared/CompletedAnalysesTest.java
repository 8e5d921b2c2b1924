package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.cloud.GcsBlobStore;
import cradle.shared.port.BlobStore;
import cradle.shared.testing.FakeGcs;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each attempt at analyze keeps its rows; the run's analysis is the one completed last. */
class CompletedAnalysesTest {
  private static final String BASE = "gs://bkt";
  private static final String RUN = BASE + "/runs/2026-11-25/r-1/";
  private static final Instant T = Instant.parse("2026-11-25T22:00:00Z");

  private final FakeGcs gcs = new FakeGcs();
  private final BlobStore blobs = new GcsBlobStore(gcs::storage);
  private final RunMessage replay =
      RunMessage.start("r-1", LocalDate.of(2026, 11, 25), Stage.NOTEBOOK);

  @Test
  void theRunsAnalysis_isTheAttemptCompletedLast_notTheLastByName() throws Exception {
    gcs.put(RUN + "analysis/a2222222/rows-000.jsonl", "{}");
    CompletedAnalyses.record(blobs, RUN + "analysis/aeeeeeee/", "job-e", 20, T);
    CompletedAnalyses.record(blobs, RUN + "analysis/a2222222/", "job-2", 19, T.plusSeconds(60));

    CompletedAnalyses.Completed latest = CompletedAnalyses.latest(blobs, RUN).orElseThrow();

    assertEquals(
        new CompletedAnalyses.Completed(RUN + "analysis/a2222222/", "job-2", 19, T.plusSeconds(60)),
        latest);
  }

  @Test
  void anotherDeliveryOfAnOlderAttempt_keepsItsFirstCompletion() throws Exception {
    CompletedAnalyses.record(blobs, RUN + "analysis/a1111111/", "job-1", 20, T);
    CompletedAnalyses.record(blobs, RUN + "analysis/a2222222/", "job-2", 19, T.plusSeconds(60));
    String first = gcs.text(RUN + "analysis/a1111111/completed.json");

    assertFalse(
        CompletedAnalyses.record(
            blobs, RUN + "analysis/a1111111/", "job-1", 20, T.plusSeconds(120)));

    assertEquals(first, gcs.text(RUN + "analysis/a1111111/completed.json"));
    assertEquals(
        RUN + "analysis/a2222222/", CompletedAnalyses.latest(blobs, RUN).orElseThrow().analysis());
  }

  @Test
  void aMessageNamingNoAnalysis_namesTheLatest_oneNamingItsOwnKeepsIt_noneRecordedKeepsNone()
      throws Exception {
    assertSame(replay, CompletedAnalyses.named(blobs, BASE, replay));
    assertEquals(RUN + "analysis/", new RunLayout(BASE, replay).analysisPrefix());

    assertTrue(CompletedAnalyses.record(blobs, RUN + "analysis/a1111111/", "job-1", 20, T));
    RunMessage named = CompletedAnalyses.named(blobs, BASE, replay);
    assertEquals(RUN + "analysis/a1111111/", new RunLayout(BASE, named).analysisPrefix());

    RunMessage own = replay.withArtifacts(Map.of(RunLayout.ANALYSIS, RUN + "analysis/a0000000/"));
    assertSame(own, CompletedAnalyses.named(blobs, BASE, own));
  }

  @Test
  void aRecordThatIsNotOne_failsTheStage_namingIt() throws Exception {
    gcs.put(RUN + "analysis/a1111111/completed.json", "{\"job\":\"job-1\"}");

    StageFailedException e =
        assertThrows(StageFailedException.class, () -> CompletedAnalyses.latest(blobs, RUN));

    assertTrue(
        e.getMessage().startsWith(RUN + "analysis/a1111111/completed.json is not a record"),
        e.getMessage());
    assertEquals(Optional.empty(), CompletedAnalyses.latest(blobs, BASE + "/runs/2026-11-25/r-2/"));
  }
}

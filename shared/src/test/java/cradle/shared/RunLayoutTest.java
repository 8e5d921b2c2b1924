package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLayoutTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 26);

  @Test
  void aRunWithoutArtifacts_findsEverythingUnderItsOwnPrefix() {
    RunLayout layout = new RunLayout("gs://b", RunMessage.start("r1", DATE, Stage.ANALYZE));

    assertEquals("gs://b/runs/2026-11-26/r1/", layout.runPrefix());
    assertEquals("gs://b/runs/2026-11-26/r1/analysis/", layout.analysisPrefix());
    assertEquals("gs://b/runs/2026-11-26/r1/notebook/input.ipynb", layout.notebookInput());
    assertEquals("gs://b/runs/2026-11-26/r1/report/", layout.reportPrefix());
    assertEquals("cradle-notebook-r1", layout.jobId(Stage.NOTEBOOK));
    assertEquals("cradle-analyze-r1", layout.jobId(Stage.ANALYZE));
  }

  @Test
  void eachAttempt_hasItsOwnFolders() {
    RunLayout layout = new RunLayout("gs://b", RunMessage.start("r1", DATE, Stage.ANALYZE));

    assertEquals(
        "gs://b/runs/2026-11-26/r1/analysis/a1234abcd/", layout.analysisAttemptPrefix("a1234abcd"));
    assertEquals(
        "gs://b/runs/2026-11-26/r1/notebook/a1234abcd/", layout.notebookAttemptPrefix("a1234abcd"));
    assertEquals(
        "gs://b/runs/2026-11-26/r1/notebook/a1234abcd/report/",
        layout.attemptReportPrefix("a1234abcd"));
    assertEquals("cradle-analyze-r1-a1234abcd", layout.jobId(Stage.ANALYZE, "a1234abcd"));
  }

  @Test
  void artifactsNamedByTheMessage_takePrecedence() {
    String run = "gs://b/runs/2026-11-26/r1/";
    RunMessage message =
        RunMessage.start("r1", DATE, Stage.ANALYZE)
            .handOff(
                Stage.PUBLISH,
                Map.of(
                    RunLayout.ANALYSIS, run + "a2/",
                    RunLayout.NOTEBOOK, run + "nb2.ipynb",
                    RunLayout.REPORT, run + "r2/"));
    RunLayout layout = new RunLayout("gs://b", message);

    assertEquals(run + "a2/", layout.analysisPrefix());
    assertEquals(run + "nb2.ipynb", layout.notebookInput());
    assertEquals(run + "r2/", layout.reportPrefix());
  }
}

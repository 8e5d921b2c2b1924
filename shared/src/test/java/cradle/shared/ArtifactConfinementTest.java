package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cradle.shared.cloud.VertexJobId;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hostile or careless message can name as an artifact, and what it is told. */
class ArtifactConfinementTest {
  private static final String BASE = "gs://art";
  private static final LocalDate DATE = LocalDate.of(2026, 11, 26);
  private static final String RUN = "gs://art/runs/2026-11-26/r1/";
  private static final String UNDER = "must lie under this run's artifacts, " + RUN;
  private static final String PLAIN = "must be a plain path under " + RUN + " (no %, \\, ? or #)";
  private static final String SEGMENTS = "must not contain '.', '..' or empty path segments";

  private static List<String> problems(String name, String value) {
    return ArtifactConfinement.problems(BASE, DATE, "r1", Map.of(name, value));
  }

  @Test
  void ownFilesAndFolders_areAccepted() {
    assertEquals(List.of(), problems("report", RUN + "report/"));
    assertEquals(List.of(), problems("notebook", RUN + "notebook/input.ipynb"));
    assertEquals(List.of(), problems("analysis", RUN));
    assertEquals(List.of(), problems("report", RUN + "report/part-1.jsonl"));
  }

  @Test
  void anotherBucketDateOrRun_isRefusedNamingTheField() {
    assertEquals(List.of("artifacts.report: " + UNDER), problems("report", "gs://evil/x/"));
    assertEquals(
        List.of("artifacts.report: " + UNDER),
        problems("report", "gs://art/runs/2026-11-25/r1/report/"));
    assertEquals(
        List.of("artifacts.report: " + UNDER), problems("report", "gs://art/runs/2026-11-26/r1x/"));
    assertEquals(
        List.of("artifacts.report: " + UNDER), problems("report", "gs://art/runs/2026-11-26/r1"));
  }

  @Test
  void encodedOrQueriedPaths_areRefused() {
    for (String rest : List.of("%2e%2e/x", "a\\b", "x?generation=1", "x#frag", "?", "#", "%")) {
      assertEquals(List.of("artifacts.notebook: " + PLAIN), problems("notebook", RUN + rest), rest);
    }
  }

  @Test
  void dotDotAndEmptySegments_areRefused_evenAtTheStartOrEnd() {
    for (String rest :
        List.of("../r2/report/", "./x", "report/..", "report/.", "a//b", "/x", "..")) {
      assertEquals(List.of("artifacts.report: " + SEGMENTS), problems("report", RUN + rest), rest);
    }
  }

  @Test
  void theNotebookExecution_mustBeThisRunsVertexJob() {
    String own =
        "projects/p-1/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-r1-a76f768bd";
    String wanted =
        "artifacts.execution: must be this run's notebook execution, "
            + "projects/P/locations/L/notebookExecutionJobs/cradle-notebook-r1-ATTEMPT";

    assertEquals(List.of(), problems("execution", own));
    assertEquals(List.of(wanted), problems("execution", own.replace("-r1", "-r2")));
    assertEquals(List.of(wanted), problems("execution", own.replace("-r1", "-r1x")));
    assertEquals(List.of(wanted), problems("execution", own.replace("-r1", "-r1-x")));
    assertEquals(List.of(wanted), problems("execution", own.replace("-a76f768bd", "")));
    assertEquals(List.of(wanted), problems("execution", "cradle-notebook-r1-a76f768bd"));
    assertEquals(List.of(), problems("execution", RUN + "notebook/output/"));
    assertEquals(List.of("artifacts.execution: " + UNDER), problems("execution", "gs://x/y"));
  }

  @Test
  void aShortenedJobId_isThisRunsOnlyForTheNotebookAttemptItWasMadeFor() {
    String runId = "r".repeat(63);
    String run = "gs://art/runs/2026-11-26/" + runId + "/";
    String jobs = "projects/p-1/locations/asia-northeast1/notebookExecutionJobs/";
    String notebook = run + "notebook/a76f768bd/input.ipynb";
    String own = jobs + VertexJobId.of("cradle-notebook-" + runId + "-a76f768bd");
    String otherAttempt = jobs + VertexJobId.of("cradle-notebook-" + runId + "-a00000000");

    assertEquals(List.of(), confined(runId, Map.of("execution", own, "notebook", notebook)));
    assertEquals(
        1, confined(runId, Map.of("execution", otherAttempt, "notebook", notebook)).size());
    assertEquals(1, confined(runId, Map.of("execution", own)).size());
  }

  private static List<String> confined(String runId, Map<String, String> artifacts) {
    return ArtifactConfinement.problems(BASE, DATE, runId, artifacts);
  }

  @Test
  void everyBadField_isNamed() {
    List<String> problems =
        ArtifactConfinement.problems(
            BASE,
            DATE,
            "r1",
            new java.util.TreeMap<>(
                Map.of("analysis", "gs://x/", "notebook", RUN + "nb.ipynb", "report", "/tmp/r")));

    assertEquals(List.of("artifacts.analysis: " + UNDER, "artifacts.report: " + UNDER), problems);
  }
}

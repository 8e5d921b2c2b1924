package cradle.shared;

import cradle.shared.cloud.VertexJobId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every artifact a message names must belong to the message's own run: a URI under {@code
 * CRADLE_ARTIFACTS_URI/runs/<run_date>/<run_id>/}. Otherwise a message could make publish replace
 * every report with a folder of someone else's rows, or make the notebook stage overwrite any
 * object. The check is textual on purpose: the prefix must match character for character (so no
 * other bucket, no {@code RUNIDX} next to {@code RUNID}), and no segment may be {@code .} or {@code
 * ..}, empty, or percent-encoded, so no normalisation by a client library can lead elsewhere.
 *
 * <p>The one artifact that is not a URI in the cloud, the notebook execution, is a Vertex AI
 * resource name whose job id is derived from the run and the attempt ({@code
 * cradle-notebook-<run_id>-<attempt>}, or, past Vertex AI's 63 characters, {@link VertexJobId}'s
 * shortening of it, which only the attempt's name can check: it is read from the notebook
 * artifact's folder, {@code notebook/<attempt>/}).
 */
public final class ArtifactConfinement {
  private static final Pattern VERTEX_EXECUTION =
      Pattern.compile("projects/[a-z0-9-]+/locations/[a-z0-9-]+/notebookExecutionJobs/(.+)");

  /** The attempt's part of a job id: {@link RunLayout#attemptOf}. */
  private static final String ATTEMPT = "-a[0-9a-f]{8}";

  private static final Pattern NOTEBOOK_ATTEMPT = Pattern.compile(".*/notebook/(a[0-9a-f]{8})/.*");

  private ArtifactConfinement() {}

  /** The problems of {@code artifacts}, one per bad field, each naming it. */
  public static List<String> problems(
      String artifactsUri, LocalDate runDate, String runId, Map<String, String> artifacts) {
    String prefix = artifactsUri + "/runs/" + runDate + "/" + runId + "/";
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> a : artifacts.entrySet()) {
      String problem =
          RunLayout.EXECUTION.equals(a.getKey()) && !a.getValue().contains("://")
              ? executionProblem(a.getValue(), runId, artifacts.get(RunLayout.NOTEBOOK))
              : uriProblem(a.getValue(), prefix);
      if (problem != null) {
        problems.add("artifacts." + a.getKey() + ": " + problem);
      }
    }
    return problems;
  }

  private static String uriProblem(String uri, String prefix) {
    if (!uri.startsWith(prefix)) {
      return "must lie under this run's artifacts, " + prefix;
    }
    String rest = uri.substring(prefix.length());
    if (rest.indexOf('%') >= 0
        || rest.indexOf('\\') >= 0
        || rest.indexOf('?') >= 0
        || rest.indexOf('#') >= 0) {
      return "must be a plain path under " + prefix + " (no %, \\, ? or #)";
    }
    String[] segments = rest.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean lastOfFolder = i == segments.length - 1 && s.isEmpty();
      if (s.equals(".") || s.equals("..") || (s.isEmpty() && !lastOfFolder)) {
        return "must not contain '.', '..' or empty path segments";
      }
    }
    return null;
  }

  private static String executionProblem(String name, String runId, String notebook) {
    var m = VERTEX_EXECUTION.matcher(name);
    String jobId = "cradle-" + Stage.NOTEBOOK.id() + "-" + runId;
    if (!m.matches()
        || !(m.group(1).matches(Pattern.quote(jobId) + ATTEMPT)
            || m.group(1).equals(shortenedJobId(jobId, notebook)))) {
      return "must be this run's notebook execution, "
          + "projects/P/locations/L/notebookExecutionJobs/"
          + jobId
          + "-ATTEMPT";
    }
    return null;
  }

  /** The Vertex AI id of the notebook artifact's attempt, when the job id had to be shortened. */
  private static String shortenedJobId(String jobId, String notebook) {
    var attempt = notebook == null ? null : NOTEBOOK_ATTEMPT.matcher(notebook);
    return attempt == null || !attempt.matches()
        ? null
        : VertexJobId.of(jobId + "-" + attempt.group(1));
  }
}

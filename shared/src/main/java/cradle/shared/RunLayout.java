package cradle.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Where one run keeps its artifacts, a pure function of the base URI, the date and the run id, so
 * any stage can be replayed with nothing but the run id:
 *
 * <pre>
 * BASE/runs/DATE/RUN_ID/analysis/ATTEMPT/          one attempt's analysis rows (rows-*.jsonl,
 *                                                     JSON Lines shards), and completed.json once
 *                                                     analyze finished exporting them
 * BASE/runs/DATE/RUN_ID/notebook/ATTEMPT/input.ipynb  the notebook with this run's parameters
 * BASE/runs/DATE/RUN_ID/notebook/ATTEMPT/output/      the executed notebook
 * BASE/runs/DATE/RUN_ID/notebook/ATTEMPT/report/      one report row per baby (report.jsonl),
 *                                                     and confirmed.json once await confirmed it
 * BASE/runs/DATE/RUN_ID/publish/                      publish's progress
 * </pre>
 *
 * <p>Every attempt at analyze and at the notebook keeps its own folder, so a re-run never
 * overwrites an earlier attempt's rows or report; the next stage reads the one the message names
 * ({@link CompletedAnalyses}, {@link ConfirmedReports}).
 */
public record RunLayout(String base, RunMessage run) {
  public static final String ANALYSIS = "analysis";
  public static final String NOTEBOOK = "notebook";
  public static final String EXECUTION = "execution";
  public static final String REPORT = "report";

  public String runPrefix() {
    return base + "/runs/" + run.runDate() + "/" + run.runId() + "/";
  }

  /**
   * The analysis the message names; without one, the folder runs kept before analyses were per
   * attempt ({@link CompletedAnalyses#named} finds the latest completed attempt's first).
   */
  public String analysisPrefix() {
    return run.artifacts().getOrDefault(ANALYSIS, runPrefix() + ANALYSIS + "/");
  }

  /** The rows of one attempt at analyze (ends with '/'). */
  public String analysisAttemptPrefix(String attempt) {
    return runPrefix() + ANALYSIS + "/" + attempt + "/";
  }

  public String notebookInput() {
    return run.artifacts().getOrDefault(NOTEBOOK, runPrefix() + "notebook/input.ipynb");
  }

  /**
   * Where one attempt at the notebook keeps its input and executed notebook, beside the earlier
   * attempts' (ends with '/').
   */
  public String notebookAttemptPrefix(String attempt) {
    return runPrefix() + "notebook/" + attempt + "/";
  }

  /**
   * The report the message names; without one, the folder runs kept before reports were per attempt
   * ({@link ConfirmedReports#named} finds the confirmed attempt's first).
   */
  public String reportPrefix() {
    return run.artifacts().getOrDefault(REPORT, runPrefix() + "report/");
  }

  /** The report rows of one attempt at the notebook (ends with '/'). */
  public String attemptReportPrefix(String attempt) {
    return notebookAttemptPrefix(attempt) + "report/";
  }

  /** A name for jobs of this run and stage, valid as a BigQuery job id and a Vertex AI id. */
  public String jobId(Stage stage) {
    return "cradle-" + stage.id() + "-" + run.runId();
  }

  /** The job of one attempt at a stage: {@link #jobId(Stage)} and the attempt's name. */
  public String jobId(Stage stage, String attempt) {
    return jobId(stage) + "-" + attempt;
  }

  /**
   * The attempt {@code message} belongs to: its request, which every entry point names; a direct
   * call without one (a test, a tool) is a new request.
   */
  public static String attemptOf(RunMessage message) {
    return message.request() != null ? message.request() : attemptOf(UUID.randomUUID().toString());
  }

  /**
   * The name of the attempt a message asks for: the same for each redelivery of that message (its
   * Pub/Sub id), and new for each new request (a hand-off, a replay, a re-run).
   */
  public static String attemptOf(String messageId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
      return "a" + HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

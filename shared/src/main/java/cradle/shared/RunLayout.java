package cradle.shared;

/**
 * Where one run keeps its artifacts, a pure function of the base URI, the date and the run id, so
 * any stage can be replayed with nothing but the run id:
 *
 * <pre>
 * BASE/runs/DATE/RUN_ID/analysis/rows-*.jsonl     analysis rows (JSON Lines shards)
 * BASE/runs/DATE/RUN_ID/notebook/ATTEMPT/input.ipynb  the notebook with this run's parameters
 * BASE/runs/DATE/RUN_ID/notebook/ATTEMPT/output/      the executed notebook
 * BASE/runs/DATE/RUN_ID/report/*.jsonl            one report row per baby, for publish
 * </pre>
 */
public record RunLayout(String base, RunMessage run) {
  public static final String ANALYSIS = "analysis";
  public static final String NOTEBOOK = "notebook";
  public static final String EXECUTION = "execution";
  public static final String REPORT = "report";

  public String runPrefix() {
    return base + "/runs/" + run.runDate() + "/" + run.runId() + "/";
  }

  public String analysisPrefix() {
    return run.artifacts().getOrDefault(ANALYSIS, runPrefix() + "analysis/");
  }

  public String notebookInput() {
    return run.artifacts().getOrDefault(NOTEBOOK, runPrefix() + "notebook/input.ipynb");
  }

  public String notebookOutputPrefix() {
    return runPrefix() + "notebook/output/";
  }

  /**
   * Where one attempt at the notebook keeps its input and executed notebook, beside the earlier
   * attempts' (ends with '/').
   */
  public String notebookAttemptPrefix(String attempt) {
    return runPrefix() + "notebook/" + attempt + "/";
  }

  public String reportPrefix() {
    return run.artifacts().getOrDefault(REPORT, runPrefix() + "report/");
  }

  /** A name for jobs of this run and stage, valid as a BigQuery job id and a Vertex AI id. */
  public String jobId(Stage stage) {
    return "cradle-" + stage.id() + "-" + run.runId();
  }
}

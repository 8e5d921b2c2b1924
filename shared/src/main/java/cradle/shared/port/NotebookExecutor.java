package cradle.shared.port;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Executes a notebook somewhere (Vertex AI, or Jupyter locally) and reports on it. */
public interface NotebookExecutor {

  /**
   * @param executionId derived from the run and the request: starting the same id twice starts one
   *     execution
   * @param notebookUri the per-run copy with its parameters injected
   * @param outputPrefix where the executed notebook goes (ends with '/')
   */
  record Job(
      String executionId,
      String notebookUri,
      String outputPrefix,
      Duration timeout,
      Map<String, String> labels) {}

  enum State {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean terminal() {
      return this != RUNNING;
    }
  }

  /**
   * @param error the executor's error text when FAILED or CANCELLED
   * @param outputNotebookUri the executed notebook, when it was written
   * @param link where a person can look at the execution
   * @param started when the execution was created, for the await stage's deadline (may be null)
   */
  record Status(
      State state, String error, String outputNotebookUri, String link, Instant started) {}

  /**
   * @param name the execution's name for {@link #status}
   * @param existing the execution had been started before (a duplicate request), not now
   */
  record Started(String name, boolean existing) {}

  /** Starts the job, or finds the one already started with its execution id. */
  Started start(Job job) throws IOException;

  Status status(String executionName) throws IOException;
}

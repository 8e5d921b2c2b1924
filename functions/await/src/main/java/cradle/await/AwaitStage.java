package cradle.await;

import cradle.shared.ConfirmedReports;
import cradle.shared.InvalidMessageException;
import cradle.shared.Log;
import cradle.shared.RetryLaterException;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Profile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a notebook execution without waiting for it: each delivery checks the execution once.
 * While it runs, the function throws and Pub/Sub redelivers later (10-600 s backoff); success is
 * recorded beside the attempt's report ({@link ConfirmedReports}) and hands that report to publish;
 * failure, cancellation or an error in the executed notebook ends the run with the evidence logged,
 * and is not retried.
 */
final class AwaitStage implements StageHandler {
  static final String DEADLINE_MINUTES = "CRADLE_AWAIT_DEADLINE_MINUTES";

  static final StageHandler.Factory FACTORY =
      StageHandler.Factory.of(
          Set.of(BlobStore.class, NotebookExecutor.class, HandOff.class),
          (settings, env, adapters, clock) -> {
            Duration deadline = Duration.ofMinutes(env.positiveLong(DEADLINE_MINUTES, 90));
            return new AwaitStage(settings, adapters, clock, deadline);
          });

  private final Settings settings;
  private final Profile.Adapters adapters;
  private final Clock clock;
  private final Duration deadline;

  /**
   * @param deadline how long after its start an execution may run before the run is failed
   */
  AwaitStage(Settings settings, Profile.Adapters adapters, Clock clock, Duration deadline) {
    this.settings = settings;
    this.adapters = adapters;
    this.clock = clock;
    this.deadline = deadline;
  }

  @Override
  public Map<String, Object> handle(RunMessage message, Log log) throws Exception {
    String execution = message.artifact(RunLayout.EXECUTION);
    if (execution == null) {
      throw new InvalidMessageException(
          "artifacts.execution: missing; re-run the notebook stage for run " + message.runId());
    }
    NotebookExecutor.Status status = adapters.notebooks().status(execution);
    switch (status.state()) {
      case RUNNING -> {
        if (status.started() != null && clock.instant().isAfter(status.started().plus(deadline))) {
          throw new StageFailedException(
              "notebook execution "
                  + execution
                  + " still running "
                  + Duration.between(status.started(), clock.instant()).toMinutes()
                  + " min after it started,"
                  + " past the "
                  + deadline.toMinutes()
                  + " min deadline"
                  + (status.link() == null ? "" : " (" + status.link() + ")"));
        }
        throw new RetryLaterException("notebook execution " + execution + " is running");
      }
      case FAILED, CANCELLED ->
          throw new StageFailedException(
              "notebook execution "
                  + execution
                  + " "
                  + status.state().name().toLowerCase()
                  + ": "
                  + status.error()
                  + (status.link() == null ? "" : " (" + status.link() + ")"));
      case SUCCEEDED -> {
        Optional<String> error = outputError(status);
        if (error.isPresent()) {
          throw new StageFailedException(
              "notebook execution "
                  + execution
                  + " succeeded but its output has an error: "
                  + error.get());
        }
      }
    }
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    String report = layout.reportPrefix();
    // a replay of publish (which names no report) reads the attempt confirmed last
    ConfirmedReports.record(
        adapters.blobs(),
        report,
        execution,
        status.started() != null ? status.started() : clock.instant(),
        clock.instant());
    log.info("notebook execution succeeded", "execution", execution, "report", report);
    adapters.handOff().publish(message.handOff(Stage.PUBLISH, Map.of(RunLayout.REPORT, report)));
    return status.started() == null
        ? Map.of()
        : Map.of(
            "notebook_seconds",
            java.time.Duration.between(status.started(), clock.instant()).toSeconds());
  }

  private Optional<String> outputError(NotebookExecutor.Status status) throws Exception {
    if (status.outputNotebookUri() == null) {
      return Optional.empty();
    }
    byte[] output = adapters.blobs().read(status.outputNotebookUri());
    return NotebookErrors.firstError(new String(output, StandardCharsets.UTF_8));
  }
}

package cradle.notebook;

import cradle.shared.CompletedAnalyses;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.StageOutcome;
import cradle.shared.config.Redactor;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Profile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes this run's copy of the report notebook (its parameters injected), starts executing it and
 * hands the execution to the await stage. Never waits for the notebook itself.
 */
final class NotebookStage implements StageHandler.WithOutcome {
  static final String TEMPLATE_URI = "CRADLE_NOTEBOOK_TEMPLATE_URI";
  static final String TIMEOUT_MINUTES = "CRADLE_NOTEBOOK_TIMEOUT_MINUTES";
  static final String TEMPLATE_NAME = "cradle_report.ipynb";

  static final StageHandler.Factory FACTORY =
      StageHandler.Factory.of(
          Set.of(BlobStore.class, NotebookExecutor.class, HandOff.class),
          (settings, env, adapters, clock) -> {
            // a signed URL or user:pw@ is refused here, the value shown redacted
            String template =
                settings.artifactsUri() == null
                    ? env.optional(TEMPLATE_URI, null)
                    : env.baseUri(
                        TEMPLATE_URI,
                        Set.of("gs", "file"),
                        settings.artifactsUri() + "/notebooks/" + TEMPLATE_NAME);
            Duration timeout = Duration.ofMinutes(env.positiveLong(TIMEOUT_MINUTES, 30));
            return new NotebookStage(settings, adapters, template, timeout);
          });

  private final Settings settings;
  private final Profile.Adapters adapters;
  private final String templateUri;
  private final Duration timeout;

  NotebookStage(
      Settings settings, Profile.Adapters adapters, String templateUri, Duration timeout) {
    this.settings = settings;
    this.adapters = adapters;
    this.templateUri = templateUri;
    this.timeout = timeout;
  }

  @Override
  public StageOutcome run(RunMessage message, Log log) throws Exception {
    String attempt = RunLayout.attemptOf(message);
    boolean reused = start(message, attempt, log);
    // run events hold numbers only: the attempt's name is in the log and in the artifacts' paths
    Map<String, Object> counts = Map.of("reused", reused ? 1 : 0);
    return reused ? StageOutcome.wentOnWith(attempt, counts) : StageOutcome.succeeded(counts);
  }

  /**
   * Starts this request's attempt, or finds it started; true when it was started before. Each
   * request (a run from the scheduler, a replay of analyze or of this stage, a re-run) is a new
   * attempt with its own execution id, notebook and report beside the earlier attempts'; only
   * another delivery of the same request (a redelivery, or analyze's hand-off published twice
   * because analyze's message was delivered twice) finds its attempt started and goes on with it.
   */
  private boolean start(RunMessage request, String attempt, Log log) throws Exception {
    BlobStore blobs = adapters.blobs();
    RunMessage message = CompletedAnalyses.named(blobs, settings.artifactsUri(), request);
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    String analysis = layout.analysisPrefix();
    if (message.artifact(RunLayout.ANALYSIS) == null && !hasRows(blobs, analysis)) {
      throw new StageFailedException(
          "run "
              + message.runId()
              + " of "
              + message.runDate()
              + " has no completed analysis to read; replay analyze for it");
    }
    String template;
    try {
      template = new String(blobs.read(templateUri), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw new StageFailedException(
          "the notebook template " + Redactor.redact(templateUri) + " does not exist");
    }
    String reportPrefix = layout.attemptReportPrefix(attempt);
    String reportUri = reportPrefix + "report.jsonl";
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("run_id", message.runId());
    parameters.put("run_date", message.runDate().toString());
    parameters.put("time_zone", settings.timeZone().getId());
    parameters.put("input_uri", analysis);
    parameters.put("output_uri", reportUri);
    // the comparison with the previous published night; empty when there is none to compare with
    java.util.Optional<PreviousNight> previous =
        PreviousNight.find(blobs, settings.artifactsUri(), message.runDate());
    parameters.put("previous_run_date", previous.map(p -> p.date().toString()).orElse(""));
    parameters.put("previous_run_id", previous.map(PreviousNight::runId).orElse(""));
    parameters.put("previous_report_uri", previous.map(PreviousNight::reportUri).orElse(""));
    String notebook;
    try {
      notebook = ParameterInjector.inject(template, parameters);
    } catch (IllegalArgumentException e) {
      throw new StageFailedException(
          "the notebook template " + Redactor.redact(templateUri) + ": " + e.getMessage());
    }
    String attemptPrefix = layout.notebookAttemptPrefix(attempt);
    String input = attemptPrefix + "input.ipynb";
    blobs.write(input, notebook.getBytes(StandardCharsets.UTF_8));
    NotebookExecutor.Job job =
        new NotebookExecutor.Job(
            layout.jobId(Stage.NOTEBOOK, attempt),
            input,
            attemptPrefix + "output/",
            timeout,
            Map.of(
                "pipeline", "cradle",
                "stage", Stage.NOTEBOOK.id(),
                "run_date", message.runDate().toString()));
    NotebookExecutor.Started started = adapters.notebooks().start(job);
    String execution = started.name();
    if (started.existing()) {
      log.info(
          "duplicate delivery: attempt " + attempt + " was started before; going on with it",
          "execution",
          execution);
    } else {
      log.info("notebook execution started", "execution", execution, "attempt", attempt);
    }
    adapters
        .handOff()
        .publish(
            message.handOff(
                Stage.AWAIT,
                Map.of(
                    RunLayout.NOTEBOOK,
                    input,
                    RunLayout.EXECUTION,
                    execution,
                    RunLayout.REPORT,
                    reportPrefix)));
    return started.existing();
  }

  /** Whether rows lie directly in {@code folder}, as a run made before attempts keeps them. */
  private static boolean hasRows(BlobStore blobs, String folder) throws IOException {
    return blobs.list(folder).stream()
        .map(uri -> uri.substring(folder.length()))
        .anyMatch(name -> name.endsWith(".jsonl") && !name.contains("/"));
  }
}

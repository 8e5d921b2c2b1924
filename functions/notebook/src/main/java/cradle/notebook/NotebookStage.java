package cradle.notebook;

import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Profile;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes this run's copy of the report notebook (its parameters injected), starts executing it and
 * hands the execution to the await stage. Never waits for the notebook itself.
 */
final class NotebookStage implements StageHandler {
  static final String TEMPLATE_URI = "CRADLE_NOTEBOOK_TEMPLATE_URI";
  static final String TIMEOUT_MINUTES = "CRADLE_NOTEBOOK_TIMEOUT_MINUTES";
  static final String TEMPLATE_NAME = "cradle_report.ipynb";

  static final StageHandler.Factory FACTORY =
      new StageHandler.Factory() {
        @Override
        public Set<Class<?>> ports() {
          return Set.of(BlobStore.class, NotebookExecutor.class, HandOff.class);
        }

        @Override
        public StageHandler create(
            Settings settings, Env env, Profile.Adapters adapters, Clock clock) {
          String template =
              env.optional(TEMPLATE_URI, settings.artifactsUri() + "/notebooks/" + TEMPLATE_NAME);
          Duration timeout = Duration.ofMinutes(env.positiveLong(TIMEOUT_MINUTES, 30));
          return new NotebookStage(settings, adapters, template, timeout);
        }
      };

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
  public Map<String, Object> handle(RunMessage message, Log log) throws Exception {
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    BlobStore blobs = adapters.blobs();
    String template;
    try {
      template = new String(blobs.read(templateUri), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      throw new StageFailedException("the notebook template " + templateUri + " does not exist");
    }
    String reportUri = layout.runPrefix() + "report/report.jsonl";
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("run_id", message.runId());
    parameters.put("run_date", message.runDate().toString());
    parameters.put("time_zone", settings.timeZone().getId());
    parameters.put("input_uri", layout.analysisPrefix());
    parameters.put("output_uri", reportUri);
    String notebook;
    try {
      notebook = ParameterInjector.inject(template, parameters);
    } catch (IllegalArgumentException e) {
      throw new StageFailedException(
          "the notebook template " + templateUri + ": " + e.getMessage());
    }
    blobs.write(layout.notebookInput(), notebook.getBytes(StandardCharsets.UTF_8));
    NotebookExecutor.Job job =
        new NotebookExecutor.Job(
            layout.jobId(Stage.NOTEBOOK),
            layout.notebookInput(),
            layout.notebookOutputPrefix(),
            timeout,
            Map.of(
                "pipeline", "cradle",
                "stage", Stage.NOTEBOOK.id(),
                "run_date", message.runDate().toString()));
    String execution = adapters.notebooks().start(job);
    log.info("notebook execution started", "execution", execution);
    adapters
        .handOff()
        .publish(
            message.handOff(
                Stage.AWAIT,
                Map.of(
                    RunLayout.NOTEBOOK,
                    layout.notebookInput(),
                    RunLayout.EXECUTION,
                    execution,
                    RunLayout.REPORT,
                    layout.runPrefix() + "report/")));
    return Map.of();
  }
}

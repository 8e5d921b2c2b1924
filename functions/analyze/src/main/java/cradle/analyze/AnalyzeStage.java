package cradle.analyze;

import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.config.Settings;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.Warehouse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Runs the analysis SQL for the run date and hands its rows to the notebook stage. */
final class AnalyzeStage implements StageHandler {
  static final StageHandler.Factory FACTORY =
      StageHandler.Factory.of(
          Set.of(Warehouse.class, HandOff.class),
          (settings, env, adapters, clock) -> {
            return new AnalyzeStage(
                settings,
                adapters,
                env.positiveLong(
                    ReportWindow.PAUSED_REPORT_DAYS, ReportWindow.DEFAULT_PAUSED_REPORT_DAYS));
          });

  private final Settings settings;
  private final Profile.Adapters adapters;
  private final long pausedReportDays;

  AnalyzeStage(Settings settings, Profile.Adapters adapters, long pausedReportDays) {
    this.settings = settings;
    this.adapters = adapters;
    this.pausedReportDays = pausedReportDays;
  }

  /**
   * The query job's id names the request, so another delivery of it attaches to the job its first
   * delivery started while a replay (say after the SQL changed) runs the query again. A direct call
   * without a request (no entry point named it) is a new request.
   */
  @Override
  public Map<String, Object> handle(RunMessage message, Log log) throws Exception {
    String attempt =
        message.request() != null
            ? message.request()
            : RunLayout.attemptOf(UUID.randomUUID().toString());
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    ReportWindow window = ReportWindow.ending(message.runDate(), settings.timeZone());
    Warehouse.Request request =
        new Warehouse.Request(
            layout.jobId(Stage.ANALYZE, attempt),
            AnalysisSql.query(),
            AnalysisSql.REPORT_TABLE,
            message.runDate(),
            ReportWindow.parameters(message.runDate(), settings.timeZone(), pausedReportDays),
            Map.of(
                "pipeline", "cradle",
                "stage", Stage.ANALYZE.id(),
                "run_date", message.runDate().toString()),
            layout.runPrefix() + "analysis/");
    Warehouse.Result result = adapters.warehouse().analyze(request);
    if (result.rows() == 0) {
      throw new StageFailedException(
          "the analysis of "
              + message.runDate()
              + " found no events between "
              + window.start()
              + " and "
              + window.end()
              + "; is the activity log loaded for that date?");
    }
    log.info("analysis finished", "rows", result.rows(), "shards", result.shards().size());
    adapters
        .handOff()
        .publish(
            message.handOff(
                Stage.NOTEBOOK, Map.of(RunLayout.ANALYSIS, layout.runPrefix() + "analysis/")));
    return Map.of("rows", result.rows());
  }
}

package cradle.analyze;

import cradle.shared.CompletedAnalyses;
import cradle.shared.Log;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.StageOutcome;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.Warehouse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Runs the analysis SQL for the run date and hands its rows to the notebook stage. */
final class AnalyzeStage implements StageHandler.WithOutcome {
  static final StageHandler.Factory FACTORY =
      StageHandler.Factory.of(
          Set.of(Warehouse.class, BlobStore.class, HandOff.class),
          (settings, env, adapters, clock) -> {
            return new AnalyzeStage(
                settings,
                adapters,
                clock,
                env.positiveLong(
                    ReportWindow.PAUSED_REPORT_DAYS, ReportWindow.DEFAULT_PAUSED_REPORT_DAYS));
          });

  private final Settings settings;
  private final Profile.Adapters adapters;
  private final Clock clock;
  private final long pausedReportDays;

  AnalyzeStage(Settings settings, Profile.Adapters adapters, Clock clock, long pausedReportDays) {
    this.settings = settings;
    this.adapters = adapters;
    this.clock = clock;
    this.pausedReportDays = pausedReportDays;
  }

  /**
   * The query job's id and the folder of rows name the request, so another delivery of it attaches
   * to the job its first delivery started, while a replay (say after the SQL changed) runs the
   * query again and exports beside the earlier attempts' rows. A direct call without a request (no
   * entry point named it) is a new request.
   */
  @Override
  public StageOutcome run(RunMessage message, Log log) throws Exception {
    String attempt = RunLayout.attemptOf(message);
    RunLayout layout = new RunLayout(settings.artifactsUri(), message);
    String analysis = layout.analysisAttemptPrefix(attempt);
    String jobId = layout.jobId(Stage.ANALYZE, attempt);
    ReportWindow window = ReportWindow.ending(message.runDate(), settings.timeZone());
    Warehouse.Request request =
        new Warehouse.Request(
            jobId,
            AnalysisSql.query(),
            AnalysisSql.REPORT_TABLE,
            message.runDate(),
            ReportWindow.parameters(message.runDate(), settings.timeZone(), pausedReportDays),
            Map.of(
                "pipeline", "cradle",
                "stage", Stage.ANALYZE.id(),
                "run_date", message.runDate().toString()),
            analysis);
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
    boolean first =
        CompletedAnalyses.record(adapters.blobs(), analysis, jobId, result.rows(), clock.instant());
    if (first) {
      log.info("analysis finished", "rows", result.rows(), "shards", result.shards().size());
    } else {
      log.info(
          "duplicate delivery: attempt " + attempt + " was completed before; going on with it",
          "rows",
          result.rows());
    }
    adapters
        .handOff()
        .publish(message.handOff(Stage.NOTEBOOK, Map.of(RunLayout.ANALYSIS, analysis)));
    // run events hold numbers only: the attempt's name is in the log and in the artifacts' paths
    Map<String, Object> counts = Map.of("rows", result.rows(), "reused", first ? 0 : 1);
    return first ? StageOutcome.succeeded(counts) : StageOutcome.wentOnWith(attempt, counts);
  }
}

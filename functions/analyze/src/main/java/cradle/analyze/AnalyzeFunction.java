package cradle.analyze;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import java.time.Clock;
import java.util.Map;

/** Cloud Function entry point of the analyze stage (Pub/Sub topic {@code <prefix>-analyze}). */
public final class AnalyzeFunction extends StageFunction {
  public AnalyzeFunction() {
    this(System.getenv(), Clock.systemUTC());
  }

  public AnalyzeFunction(Map<String, String> env, Clock clock) {
    super(Stage.ANALYZE, env, clock, AnalyzeStage.FACTORY);
  }
}

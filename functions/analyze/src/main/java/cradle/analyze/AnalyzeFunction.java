package cradle.analyze;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.port.Profile;
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

  /** With a given profile instead of the one on the classpath (tests: clients are doubles). */
  public AnalyzeFunction(Map<String, String> env, Clock clock, Profile profile) {
    super(Stage.ANALYZE, env, clock, AnalyzeStage.FACTORY, profile);
  }
}

package cradle.analyze;

import cradle.shared.Stage;
import cradle.shared.StageFunction;

/** Cloud Function entry point of the analyze stage (Pub/Sub topic {@code <prefix>-analyze}). */
public final class AnalyzeFunction extends StageFunction {
  /** The stage and its handler's factory, for code that builds this function itself. */
  public static final Entry ENTRY = new Entry(Stage.ANALYZE, AnalyzeStage.FACTORY);

  public AnalyzeFunction() {
    super(ENTRY);
  }
}

package cradle.await;

import cradle.shared.Stage;
import cradle.shared.StageFunction;

/** Cloud Function entry point of the await stage (Pub/Sub topic {@code <prefix>-await}). */
public final class AwaitFunction extends StageFunction {
  /** The stage and its handler's factory, for code that builds this function itself. */
  public static final Entry ENTRY = new Entry(Stage.AWAIT, AwaitStage.FACTORY);

  public AwaitFunction() {
    super(ENTRY);
  }
}

package cradle.await;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import java.time.Clock;
import java.util.Map;

/** Cloud Function entry point of the await stage (Pub/Sub topic {@code <prefix>-await}). */
public final class AwaitFunction extends StageFunction {
  public AwaitFunction() {
    this(System.getenv(), Clock.systemUTC());
  }

  public AwaitFunction(Map<String, String> env, Clock clock) {
    super(Stage.AWAIT, env, clock, AwaitStage.FACTORY);
  }
}

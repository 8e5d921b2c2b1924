package cradle.await;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.port.Profile;
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

  /** With a given profile instead of the one on the classpath (tests: clients are doubles). */
  public AwaitFunction(Map<String, String> env, Clock clock, Profile profile) {
    super(Stage.AWAIT, env, clock, AwaitStage.FACTORY, profile);
  }
}

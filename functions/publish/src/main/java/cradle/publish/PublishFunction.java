package cradle.publish;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.port.Profile;
import java.time.Clock;
import java.util.Map;

/** Cloud Function entry point of the publish stage (Pub/Sub topic {@code <prefix>-publish}). */
public final class PublishFunction extends StageFunction {
  public PublishFunction() {
    this(System.getenv(), Clock.systemUTC());
  }

  public PublishFunction(Map<String, String> env, Clock clock) {
    super(Stage.PUBLISH, env, clock, ShardedPublish.FACTORY);
  }

  /** With a given profile instead of the one on the classpath (tests: clients are doubles). */
  public PublishFunction(Map<String, String> env, Clock clock, Profile profile) {
    super(Stage.PUBLISH, env, clock, ShardedPublish.FACTORY, profile);
  }
}

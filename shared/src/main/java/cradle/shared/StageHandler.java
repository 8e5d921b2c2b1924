package cradle.shared;

import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.Profile;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** What one stage does with one message, given its ports. Publishes its own hand-off. */
@FunctionalInterface
public interface StageHandler {
  /**
   * @return what the stage produced, for the run's "succeeded" event (e.g. rows, reports)
   */
  Map<String, Object> handle(RunMessage message, Log log) throws Exception;

  /** Builds a stage from validated settings; reads the stage's own settings from {@code env}. */
  interface Factory {
    /** The port interfaces the stage uses, so the profile configures only those. */
    Set<Class<?>> ports();

    StageHandler create(Settings settings, Env env, Profile.Adapters adapters, Clock clock);
  }
}

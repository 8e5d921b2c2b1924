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

  /**
   * Runs the stage and says how it ended; a stage that can end without effect (superseded) says so
   * here. By default every normal return of {@link #handle} is a success.
   */
  default StageOutcome run(RunMessage message, Log log) throws Exception {
    return StageOutcome.succeeded(handle(message, log));
  }

  /**
   * Runs the stage for one delivery. {@code messageId} is Pub/Sub's id of the message, the same for
   * every redelivery of it. A stage whose work is expensive tells a duplicate from a request to do
   * it again by {@link RunMessage#request()} instead, which the entry point sets: the same for
   * every delivery of one request, even through a hand-off that was published twice.
   */
  default StageOutcome run(RunMessage message, String messageId, Log log) throws Exception {
    return run(message, log);
  }

  /** A stage that says how it ended ({@link #run}); its counts are what {@link #handle} returns. */
  interface WithOutcome extends StageHandler {
    @Override
    StageOutcome run(RunMessage message, Log log) throws Exception;

    @Override
    default Map<String, Object> handle(RunMessage message, Log log) throws Exception {
      return run(message, log).counts();
    }
  }

  /** Builds a stage from validated settings; reads the stage's own settings from {@code env}. */
  interface Factory {
    /** The port interfaces the stage uses, so the profile configures only those. */
    Set<Class<?>> ports();

    StageHandler create(Settings settings, Env env, Profile.Adapters adapters, Clock clock);

    /** A factory of a stage that uses {@code ports}. */
    static Factory of(Set<Class<?>> ports, Creator creator) {
      return new Factory() {
        @Override
        public Set<Class<?>> ports() {
          return ports;
        }

        @Override
        public StageHandler create(
            Settings settings, Env env, Profile.Adapters adapters, Clock clock) {
          return creator.create(settings, env, adapters, clock);
        }
      };
    }
  }

  /** Makes a stage once its ports exist. */
  @FunctionalInterface
  interface Creator {
    StageHandler create(Settings settings, Env env, Profile.Adapters adapters, Clock clock);
  }
}

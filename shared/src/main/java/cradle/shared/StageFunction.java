package cradle.shared;

import com.google.cloud.functions.CloudEventsFunction;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.Profile;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The entry point every stage shares: decode the Pub/Sub CloudEvent once, run the stage, and turn
 * the outcome into Pub/Sub's only two answers. Returning acknowledges; throwing asks for a
 * redelivery. So only {@link RetryLaterException} and unexpected faults throw, and only while
 * the event is younger than the maximum age; bad input and permanent failures are logged and
 * acknowledged, never retried forever.
 */
public abstract class StageFunction implements CloudEventsFunction {
  /**
   * The log field that marks how a delivery ended a run: {@code invalid}, {@code failed} or
   * {@code dropped}. Succeeded and retried deliveries do not carry it.
   */
  public static final String OUTCOME = "outcome";

  private final Stage stage;
  private final Clock clock;
  private final Settings settings;
  private final RunMessageCodec codec;
  private final StageHandler handler;
  private final java.util.Set<String> environmentRead;

  /** Reads and validates every setting now, at cold start; creates no client yet. */
  protected StageFunction(
      Stage stage, Map<String, String> environment, Clock clock, StageHandler.Factory factory) {
    this(stage, environment, clock, factory, null);
  }

  /**
   * @param profile the profile to use instead of the one {@code CRADLE_PROFILE} names on the
   *     classpath; tests hand in a cloud profile whose clients are test doubles
   */
  protected StageFunction(
      Stage stage,
      Map<String, String> environment,
      Clock clock,
      StageHandler.Factory factory,
      Profile profile) {
    this.stage = stage;
    this.clock = clock;
    Env env = new Env(environment);
    this.settings = Settings.read(env);
    StageHandler created = null;
    if (settings.profile() != null) {
      if (profile == null) {
        profile = Profiles.find(settings.profile(), factory.ports()).orElse(null);
      }
      if (profile == null) {
        env.problem(
            Settings.PROFILE
                + "='"
                + settings.profile()
                + "' has no adapters for the "
                + stage.id()
                + " stage on this classpath (found: "
                + Profiles.available()
                + ")");
      } else {
        Profile.Adapters adapters = profile.create(settings, env, factory.ports());
        created = factory.create(settings, env, adapters, clock);
      }
    }
    try {
      env.check();
    } catch (RuntimeException e) {
      Log.root().with("stage", stage.id()).error(e.getMessage(), null);
      throw e;
    }
    this.handler = created;
    this.environmentRead = env.read();
    this.codec = new RunMessageCodec(clock, settings.timeZone(), settings.maxRunAgeDays());
  }

  @Override
  public final void accept(CloudEvent event) throws Exception {
    Log log = Log.root().with("stage", stage.id()).with("event_id", event.getId());
    PubSubMessage pubsub;
    RunMessage message;
    try {
      pubsub = PubSubMessage.fromCloudEvent(event);
      log = log.with("message_id", pubsub.messageId());
      message = codec.decode(pubsub, stage);
    } catch (InvalidMessageException e) {
      log.error(
          "invalid message, acknowledged: " + e.getMessage(),
          null,
          OUTCOME, "invalid",
          "problems", e.problems());
      return;
    }
    log = Log.forRun(message).with("message_id", pubsub.messageId());
    Instant started = clock.instant();
    try {
      log.info("stage started", "attempt", message.attempt());
      handler.handle(message, log);
      log.info(
          "stage succeeded",
          "duration_ms",
          Duration.between(started, clock.instant()).toMillis());
    } catch (StageFailedException e) {
      log.error("stage failed, not retried: " + e.getMessage(), e.getCause(), OUTCOME, "failed");
    } catch (InvalidMessageException e) {
      log.error(
          "invalid message, acknowledged: " + e.getMessage(),
          null,
          OUTCOME, "invalid",
          "problems", e.problems());
    } catch (Exception e) {
      Instant published = pubsub.publishTime() != null ? pubsub.publishTime() : started;
      Duration age = Duration.between(published, clock.instant());
      if (age.getSeconds() > settings.maxEventAgeSeconds()) {
        log.error(
            "dropped after retrying for "
                + age.toMinutes()
                + " min (limit "
                + settings.maxEventAgeSeconds() / 60
                + " min): "
                + e.getMessage(),
            e,
            OUTCOME,
            "dropped");
        return;
      }
      if (e instanceof RetryLaterException) {
        log.info("will retry: " + e.getMessage());
      } else {
        log.warning("failed, will retry: " + e, "error", String.valueOf(e));
      }
      throw e;
    }
  }

  protected Settings settings() {
    return settings;
  }

  /** The environment variables this function read at start (Terraform must set exactly these). */
  public java.util.Set<String> environmentRead() {
    return environmentRead;
  }
}

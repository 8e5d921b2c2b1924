package cradle.shared;

import com.google.cloud.functions.CloudEventsFunction;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.Profile;
import cradle.shared.port.RunEvents;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entry point every stage shares: decode the Pub/Sub CloudEvent once, run the stage, and turn
 * the outcome into Pub/Sub's only two answers. Returning acknowledges; throwing asks for a
 * redelivery. So only passing faults throw ({@link Failures#verdict}), and only while the event is
 * younger than the maximum age; bad input and permanent failures are logged, reported as run events
 * and acknowledged, never retried forever.
 */
public class StageFunction implements CloudEventsFunction {
  /**
   * The log field that marks how a delivery ended a run: {@code invalid}, {@code failed} or {@code
   * dropped}. Succeeded and retried deliveries do not carry it.
   */
  public static final String OUTCOME = "outcome";

  /** The log field of a failure line that holds why the run ended. */
  public static final String REASON = "reason";

  /**
   * The log field of a failure line that holds the exact command that runs the stage again (the
   * alert shows it); absent when the profile has none.
   */
  public static final String REPLAY = "replay";

  private final Stage stage;
  private final Clock clock;
  private final Settings settings;
  private final RunMessageCodec codec;
  private final StageHandler handler;
  private final RunEvents events;
  private final Profile.Adapters adapters;
  private final Set<String> environmentRead;

  /**
   * One stage's entry point as a value: the stage and the factory of its handler. Each stage's
   * function class holds one and gives it to the Functions Framework's no-argument constructor;
   * code that builds a stage's function itself (the local pipeline, tests) asks it for an {@link
   * #instance}.
   */
  public record Entry(Stage stage, StageHandler.Factory factory) {
    /** The function with this environment and clock, and the profile the environment names. */
    public StageFunction instance(Map<String, String> environment, Clock clock) {
      return new StageFunction(stage, environment, clock, factory);
    }

    /**
     * The function with {@code profile} instead of the one {@code CRADLE_PROFILE} names on the
     * classpath (tests: its clients are test doubles).
     */
    public StageFunction instance(Map<String, String> environment, Clock clock, Profile profile) {
      return new StageFunction(
          stage, environment, clock, factory, Objects.requireNonNull(profile, "profile"));
    }
  }

  /**
   * The Functions Framework's: the instance's environment and the system clock, the profile that
   * {@code CRADLE_PROFILE} names on the classpath.
   */
  protected StageFunction(Entry entry) {
    this(entry.stage(), System.getenv(), Clock.systemUTC(), entry.factory());
  }

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
    RunEvents createdEvents = RunEvents.NONE;
    Profile.Adapters createdAdapters = null;
    if (settings.profile() != null) {
      if (profile == null) {
        profile = Profiles.find(settings.profile(), factory.ports()).orElse(null);
      }
      if (profile == null) {
        env.problem(
            Settings.PROFILE
                + "="
                + Env.shown(settings.profile())
                + " has no adapters for the "
                + stage.id()
                + " stage on this classpath (found: "
                + Profiles.available()
                + ")");
      } else {
        Profile.Adapters adapters = profile.create(settings, env, factory.ports());
        created = factory.create(settings, env, adapters, clock);
        if (adapters != null) {
          createdEvents = adapters.events();
          createdAdapters = adapters;
        }
      }
    }
    try {
      env.check();
    } catch (RuntimeException e) {
      Log.root().with("stage", stage.id()).error(e.getMessage(), null);
      throw e;
    }
    this.handler = created;
    this.events = createdEvents;
    this.adapters = createdAdapters;
    this.environmentRead = env.read();
    this.codec =
        new RunMessageCodec(
            clock, settings.timeZone(), settings.maxRunAgeDays(), settings.artifactsUri());
  }

  @Override
  public final void accept(CloudEvent event) throws Exception {
    Log log = Log.root().with("stage", stage.id()).with("event_id", event.getId());
    PubSubMessage pubsub = null;
    RunMessage message;
    try {
      pubsub = PubSubMessage.fromCloudEvent(event);
      log = log.with("message_id", pubsub.messageId());
      message = codec.decode(pubsub, stage);
    } catch (InvalidMessageException e) {
      String messageId = pubsub != null ? pubsub.messageId() : event.getId();
      log.error(
          "invalid message, acknowledged: " + e.getMessage(),
          null,
          OUTCOME,
          "invalid",
          "problems",
          e.problems());
      emit(
          new RunEvent(
              RunEvent.Kind.INVALID,
              stage.id(),
              null,
              null,
              messageId,
              clock.instant(),
              null,
              e.getMessage(),
              null,
              null));
      return;
    }
    if (message.request() == null) {
      // a new request (the scheduler's message, a replay): its own id names it; every hand-off
      // carries the name on, so a second delivery of this message is the same attempt downstream
      message = message.withRequest(RunLayout.attemptOf(pubsub.messageId()));
    }
    log = Log.forRun(message).with("message_id", pubsub.messageId());
    Instant started = clock.instant();
    emit(event(RunEvent.Kind.STARTED, message, pubsub, null, null, null));
    try {
      log.info("stage started", "attempt", message.attempt(), "request", message.request());
      StageOutcome outcome = handler.run(message, pubsub.messageId(), log);
      long ms = Duration.between(started, clock.instant()).toMillis();
      log.info(
          "stage " + outcome.kind().id() + (outcome.note() == null ? "" : ": " + outcome.note()),
          "duration_ms",
          ms,
          "counts",
          outcome.counts());
      emit(event(outcome.kind(), message, pubsub, ms, outcome.note(), outcome.counts()));
    } catch (Exception e) {
      long ms = Duration.between(started, clock.instant()).toMillis();
      Verdict verdict = Failures.verdict(e);
      Instant published = pubsub.publishTime() != null ? pubsub.publishTime() : started;
      Duration age = Duration.between(published, clock.instant());
      if (verdict == Verdict.RETRY && age.getSeconds() > settings.maxEventAgeSeconds()) {
        verdict = Verdict.DROP;
      }
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      switch (verdict) {
        case RETRY -> {
          if (e instanceof RetryLaterException later && later.contended()) {
            log.warning("will retry: " + reason);
          } else if (e instanceof RetryLaterException) {
            log.info("will retry: " + reason);
          } else {
            log.warning("failed, will retry: " + e, "error", String.valueOf(e));
          }
          emit(event(RunEvent.Kind.RETRYING, message, pubsub, ms, reason, null));
          throw e;
        }
        case FAIL -> {
          boolean expected =
              e instanceof StageFailedException || e instanceof InvalidMessageException;
          log.error(
              "stage failed, not retried: " + reason,
              expected ? e.getCause() : e,
              failureFields("failed", reason, message, replayStageAfterFailure()));
          emit(event(RunEvent.Kind.FAILED, message, pubsub, ms, reason, null));
        }
        case DROP -> {
          log.error(
              "dropped after retrying for "
                  + age.toMinutes()
                  + " min (limit "
                  + settings.maxEventAgeSeconds() / 60
                  + " min): "
                  + reason,
              e,
              failureFields("dropped", reason, message, stage));
          emit(event(RunEvent.Kind.DROPPED, message, pubsub, ms, reason, null));
        }
      }
    }
  }

  /**
   * A failed await read a failed notebook execution: running await again would read the same
   * failure, so the notebook is what to run again.
   */
  private Stage replayStageAfterFailure() {
    return stage == Stage.AWAIT ? Stage.NOTEBOOK : stage;
  }

  private Object[] failureFields(String outcome, String reason, RunMessage run, Stage replay) {
    String command = adapters == null ? null : adapters.replayCommand(run, replay);
    return command == null
        ? new Object[] {OUTCOME, outcome, REASON, reason}
        : new Object[] {OUTCOME, outcome, REASON, reason, REPLAY, command};
  }

  private RunEvent event(
      RunEvent.Kind kind,
      RunMessage m,
      PubSubMessage pubsub,
      Long ms,
      String reason,
      Map<String, Object> counts) {
    return new RunEvent(
        kind,
        stage.id(),
        m.runId(),
        m.runDate().toString(),
        pubsub.messageId(),
        clock.instant(),
        ms,
        reason,
        counts,
        m.shard());
  }

  private void emit(RunEvent e) {
    try {
      events.emit(e);
    } catch (RuntimeException lost) {
      Log.root()
          .with("stage", stage.id())
          .warning("run event lost: " + lost.getMessage(), "run_event", e.toJson());
    }
  }

  /** The environment variables this function read at start (Terraform must set exactly these). */
  public Set<String> environmentRead() {
    return environmentRead;
  }
}

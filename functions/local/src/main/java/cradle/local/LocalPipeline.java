package cradle.local;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.gson.JsonParser;
import cradle.analyze.AnalyzeFunction;
import cradle.await.AwaitFunction;
import cradle.notebook.NotebookFunction;
import cradle.publish.PublishFunction;
import cradle.shared.Log;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs a whole run on this machine through the same entry points that are deployed: each message
 * waiting on a local topic is delivered to its stage's function as the CloudEvent Pub/Sub would
 * send, and what the function hands off is delivered next. A function that throws is redelivered
 * after a pause, as Pub/Sub would, a bounded number of times.
 */
public final class LocalPipeline {
  /**
   * How a stage went: its duration and, when it ended the run, why.
   *
   * @param superseded why the stage succeeded without effect (a later run holds the result), from
   *     its {@code superseded} run event; null when it had an effect or failed
   */
  public record StageResult(Stage stage, Duration duration, String error, String superseded) {
    public StageResult(Stage stage, Duration duration, String error) {
      this(stage, duration, error, null);
    }

    public boolean ok() {
      return error == null;
    }
  }

  private static final int MAX_DELIVERIES = 5;
  private final Map<Stage, CloudEventsFunction> functions = new EnumMap<>(Stage.class);
  private final FileTopics topics;
  private final FileRunEvents events;
  private final Clock clock;
  private final Duration redeliveryPause;
  private final Consumer<String> notices;

  public LocalPipeline(
      Map<String, String> env, Path localDir, Clock clock, Duration redeliveryPause) {
    this(env, localDir, clock, redeliveryPause, notice -> {});
  }

  /**
   * @param notices told of what the run survives on the way: a redelivery, a torn hand-off
   */
  public LocalPipeline(
      Map<String, String> env,
      Path localDir,
      Clock clock,
      Duration redeliveryPause,
      Consumer<String> notices) {
    this.clock = clock;
    this.redeliveryPause = redeliveryPause;
    this.notices = notices;
    this.topics = new FileTopics(localDir.resolve("pubsub"), clock);
    this.events = new FileRunEvents(localDir.resolve("events.jsonl"));
    functions.put(Stage.ANALYZE, AnalyzeFunction.ENTRY.instance(env, clock));
    functions.put(Stage.NOTEBOOK, NotebookFunction.ENTRY.instance(env, clock));
    functions.put(Stage.AWAIT, AwaitFunction.ENTRY.instance(env, clock));
    functions.put(Stage.PUBLISH, new PublishFunction(env, clock));
  }

  /** Publishes {@code first} and delivers it and every hand-off after it, in order. */
  public List<StageResult> run(RunMessage first, Consumer<StageResult> progress)
      throws IOException {
    return run(first, progress, Stage.PUBLISH);
  }

  /** As {@link #run(RunMessage, Consumer)}, but stops after delivering to {@code last}. */
  public List<StageResult> run(RunMessage first, Consumer<StageResult> progress, Stage last)
      throws IOException {
    topics.publish(first);
    List<StageResult> results = new ArrayList<>();
    Optional<Stage> stage = Optional.of(first.stage());
    while (stage.isPresent() && stage.get().ordinal() <= last.ordinal()) {
      StageResult result = deliver(stage.get(), first.runId());
      results.add(result);
      progress.accept(result);
      if (!result.ok()) {
        // the other shards' publishes are their own: they go on (an unsharded publish has none)
        while (stage.get() == Stage.PUBLISH
            && pendingFor(Stage.PUBLISH, first.runId()).isPresent()) {
          StageResult other = deliver(Stage.PUBLISH, first.runId());
          results.add(other);
          progress.accept(other);
        }
        break;
      }
      // a stage may hand work to itself (a long publish continues in a new invocation)
      if (pendingFor(stage.get(), first.runId()).isEmpty()) {
        stage = stage.get().next();
      }
    }
    return results;
  }

  private StageResult deliver(Stage stage, String runId) throws IOException {
    long started = clock.millis();
    Optional<Path> message = pendingFor(stage, runId);
    if (message.isEmpty()) {
      return new StageResult(
          stage, Duration.ZERO, "no message for run " + runId + " on topic " + stage.id());
    }
    String envelope = Files.readString(message.get(), StandardCharsets.UTF_8);
    ErrorCapture errors = new ErrorCapture(runId);
    Logger logger = Logger.getLogger(Log.LOGGER_NAME);
    logger.addHandler(errors);
    String failure = null;
    try {
      for (int delivery = 1; ; delivery++) {
        try {
          functions.get(stage).accept(PubSubEvents.fromEnvelope(envelope, "cradle-" + stage.id()));
          break;
        } catch (Exception e) {
          if (delivery >= MAX_DELIVERIES) {
            failure = "still failing after " + delivery + " deliveries: " + e.getMessage();
            break;
          }
          notices.accept(
              String.format(
                  "%s: delivery %d of %d failed, redelivering in %d s: %s",
                  stage.id(),
                  delivery,
                  MAX_DELIVERIES,
                  redeliveryPause.toSeconds(),
                  e.getMessage()));
          Thread.sleep(redeliveryPause.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    } finally {
      logger.removeHandler(errors);
    }
    Path delivered = message.get().resolveSibling("delivered");
    Files.createDirectories(delivered);
    Files.move(
        message.get(),
        delivered.resolve(message.get().getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    if (failure == null && errors.first != null) {
      failure = errors.first;
    }
    return new StageResult(
        stage,
        Duration.ofMillis(clock.millis() - started),
        failure,
        failure == null ? superseded(stage, runId) : null);
  }

  /** The reason of the stage's last run event for the run, if that event says superseded. */
  private String superseded(Stage stage, String runId) throws IOException {
    RunEvent last = null;
    for (RunEvent e : events.read()) {
      if (stage.id().equals(e.stage()) && runId.equals(e.runId())) {
        last = e;
      }
    }
    return last != null && last.event() == RunEvent.Kind.SUPERSEDED ? last.reason() : null;
  }

  private Optional<Path> pendingFor(Stage stage, String runId) throws IOException {
    for (Path p : topics.pending(stage)) {
      Optional<String> messageRun = runIdOf(p);
      if (messageRun.isEmpty()) {
        Path torn = topics.quarantine(p);
        notices.accept(
            "skipped a torn hand-off on topic " + stage.id() + " (moved to " + torn + ")");
        Log.root()
            .with("stage", stage.id())
            .warning("torn hand-off skipped", "file", p.toString(), "moved_to", torn.toString());
      } else if (runId.equals(messageRun.get())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The run a waiting hand-off belongs to; empty when the file is torn (a crash mid-write). */
  private static Optional<String> runIdOf(Path message) throws IOException {
    try {
      return Optional.of(
          JsonParser.parseString(Files.readString(message, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("message")
              .getAsJsonObject("attributes")
              .get(RunMessageCodec.ATTR_RUN_ID)
              .getAsString());
    } catch (RuntimeException torn) {
      return Optional.empty();
    }
  }

  /** Keeps the first ERROR a stage logged for this run: what ended it. */
  private static final class ErrorCapture extends Handler {
    private final String runId;
    private String first;

    ErrorCapture(String runId) {
      this.runId = runId;
    }

    @Override
    public void publish(LogRecord record) {
      Map<String, Object> fields = Log.fieldsOf(record);
      if (first == null && fields.containsKey(StageFunction.OUTCOME)) {
        Object id = fields.get("run_id");
        if (id == null || runId.equals(id)) {
          first = record.getMessage();
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}

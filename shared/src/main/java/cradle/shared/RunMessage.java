package cradle.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one message that passes between stages: which run, which report date, which stage to run now,
 * and the artifacts earlier stages produced. Version 1 of the contract.
 *
 * @param runId identifies one run of one date; also the seed of every job id, so it is limited to
 *     what BigQuery and Vertex AI job ids accept
 * @param attempt how many times this stage has been asked to run for this run (1 on first request)
 * @param artifacts URIs by name ({@code analysis}, {@code notebook}, {@code report}, ...)
 * @param force publish even when the shrink guard would refuse, or the database holds a later run
 * @param startedAt when the run began (the publish time of the message that started it), so runs of
 *     one date have an order that does not depend on when their messages arrive; null when unknown
 *     (a hand-written message for a later stage)
 * @param request the request this message carries on, as its attempt's name ({@link
 *     RunLayout#attemptOf} of the Pub/Sub id of the message that made the request): every hand-off
 *     carries it, so two deliveries of one request reach the next stage as the same attempt; null
 *     on a message that makes a new request (the scheduler's, a replay), whose own id names it
 * @param shard publish only: the database instance (shard) this message publishes, 0 to N-1; null
 *     for all of them (one instance: the one; several: publish hands on one message per shard)
 */
public record RunMessage(
    int version,
    String runId,
    LocalDate runDate,
    Stage stage,
    int attempt,
    Map<String, String> artifacts,
    boolean force,
    Instant startedAt,
    String request,
    Integer shard) {

  public static final int CURRENT_VERSION = 1;
  public static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** What {@link RunLayout#attemptOf} makes: {@code a} and 8 hex digits. */
  public static final Pattern REQUEST = Pattern.compile("a[0-9a-f]{8}");

  public RunMessage {
    Objects.requireNonNull(runDate, "runDate");
    Objects.requireNonNull(stage, "stage");
    if (version != CURRENT_VERSION) {
      throw new IllegalArgumentException("version " + version + " is not " + CURRENT_VERSION);
    }
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("runId must match " + RUN_ID + ": " + runId);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
    }
    if (request != null && !REQUEST.matcher(request).matches()) {
      throw new IllegalArgumentException("request must match " + REQUEST + ": " + request);
    }
    artifacts = Map.copyOf(artifacts == null ? Map.of() : artifacts);
    if (shard != null && (shard < 0 || stage != Stage.PUBLISH)) {
      throw new IllegalArgumentException(
          "shard must be a publish message's instance number (0 or more): " + shard);
    }
  }

  /**
   * A first attempt of {@code stage} of the current version: nothing produced yet, not forced, its
   * run's start unknown, a new request, for every shard. The {@code with...} methods set the rest.
   */
  public static RunMessage start(String runId, LocalDate runDate, Stage stage) {
    return new RunMessage(
        CURRENT_VERSION, runId, runDate, stage, 1, Map.of(), false, null, null, null);
  }

  /** The message that asks stage {@code to} to continue this run, with more artifacts. */
  public RunMessage handOff(Stage to, Map<String, String> produced) {
    Map<String, String> more = new TreeMap<>(artifacts);
    more.putAll(produced);
    return new RunMessage(version, runId, runDate, to, 1, more, force, startedAt, request, null);
  }

  /** This message as the {@code attempt}-th request of its stage (a publish: its segment + 1). */
  public RunMessage withAttempt(int attempt) {
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request, shard);
  }

  /** This message, forced ({@code true}) or not. */
  public RunMessage withForce(boolean force) {
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request, shard);
  }

  /** This message for a run that began at {@code startedAt} ({@code null}: unknown). */
  public RunMessage withStartedAt(Instant startedAt) {
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request, shard);
  }

  /** This message as part of {@code request} (the delivery's own when it carries none). */
  public RunMessage withRequest(String request) {
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request, shard);
  }

  /** This message with {@code more} artifacts (replacing those of the same names). */
  public RunMessage withArtifacts(Map<String, String> more) {
    Map<String, String> all = new TreeMap<>(artifacts);
    all.putAll(more);
    return new RunMessage(
        version, runId, runDate, stage, attempt, all, force, startedAt, request, shard);
  }

  /** The same message for one shard ({@code null}: for all). */
  public RunMessage forShard(Integer shard) {
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request, shard);
  }

  public String artifact(String name) {
    return artifacts.get(name);
  }
}

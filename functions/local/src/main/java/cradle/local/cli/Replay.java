package cradle.local.cli;

import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.PubSubHandOff;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The replay messages for a stage and a date or a range of dates (a backfill), published with the
 * Pub/Sub client. Replaying analyze starts a new run of each date; replaying a later stage
 * continues one run, so it needs that run's id.
 */
final class Replay {
  private Replay() {}

  /** The messages to publish; each later-stage replay carries the run id it continues. */
  static List<RunMessage> messages(
      Stage stage, LocalDate from, LocalDate to, String runId, boolean force) {
    return messages(stage, from, to, runId, force, null);
  }

  /**
   * @param shard publish only: the one database instance to publish again (null: every one)
   */
  static List<RunMessage> messages(
      Stage stage, LocalDate from, LocalDate to, String runId, boolean force, Integer shard) {
    if (shard != null && stage != Stage.PUBLISH) {
      throw new IllegalArgumentException(
          "--shard names a database instance: it is for --stage publish only");
    }
    if (shard != null && shard < 0) {
      throw new IllegalArgumentException("--shard " + shard + " is not an instance (0 to N-1)");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --date " + from);
    }
    if (stage != Stage.ANALYZE && runId == null) {
      throw new IllegalArgumentException(
          "replaying "
              + stage.id()
              + " continues a run: give its --run-id (or replay analyze to start a new run)");
    }
    if (stage != Stage.ANALYZE && !to.equals(from)) {
      throw new IllegalArgumentException(
          "a run id belongs to one date: replay " + stage.id() + " one date at a time");
    }
    List<RunMessage> messages = new ArrayList<>();
    // a new run starts now: same-date runs are ordered by their start (see Precedence in publish)
    java.time.Instant started = runId == null ? java.time.Instant.now() : null;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      // a deliberate replay of analyze is a new run of that date
      String id =
          runId != null ? runId : RunMessageCodec.deriveRunId(d, UUID.randomUUID().toString());
      messages.add(
          RunMessage.start(id, d, stage).withForce(force).withStartedAt(started).forShard(shard));
    }
    return messages;
  }

  /**
   * Refuses, before anything is published, dates that every stage would refuse as invalid (each an
   * alert): older than the functions' age limit, or not yet a finished report day.
   */
  static void checkAge(LocalDate from, LocalDate to, RunMessageCodec codec, int maxRunAgeDays) {
    if (from.isBefore(codec.oldestRunDate())) {
      throw new IllegalArgumentException(
          "--date "
              + from
              + " is past the functions' age limit: dates before "
              + codec.oldestRunDate()
              + " ("
              + maxRunAgeDays
              + " days, CRADLE_MAX_RUN_AGE_DAYS) are refused as invalid; start at "
              + codec.oldestRunDate()
              + " or later");
    }
    LocalDate latest = codec.today().minusDays(1);
    if (to.isAfter(latest)) {
      throw new IllegalArgumentException(
          (to.equals(from) ? "--date " : "--to ")
              + to
              + " is not a finished report day yet (the latest is "
              + latest
              + ")");
    }
  }

  static List<String> publish(
      List<RunMessage> messages, CloudSettings cloud, PubSubHandOff.PublisherFactory publishers)
      throws IOException, InterruptedException {
    PubSubHandOff handOff = new PubSubHandOff(cloud, publishers, java.time.Duration.ofSeconds(60));
    List<String> ids = new ArrayList<>();
    try {
      for (RunMessage m : messages) {
        ids.add(handOff.publish(m));
      }
    } finally {
      handOff.shutdown();
    }
    return ids;
  }

  /** The same replay with gcloud, for operators without this tool. */
  static String gcloud(RunMessage m, CloudSettings cloud) {
    String body =
        m.stage() == Stage.ANALYZE
            ? "{\"run_date\":\"" + m.runDate() + "\"" + (m.force() ? ",\"force\":true" : "") + "}"
            : "{\"run_id\":\""
                + m.runId()
                + "\",\"run_date\":\""
                + m.runDate()
                + "\",\"stage\":\""
                + m.stage().id()
                + "\""
                + (m.force() ? ",\"force\":true" : "")
                + (m.shard() == null ? "" : ",\"shard\":" + m.shard())
                + "}";
    return "gcloud pubsub topics publish "
        + cloud.topic(m.stage())
        + " --project "
        + cloud.project()
        + " --message '"
        + body
        + "' --attribute stage="
        + m.stage().id()
        + ",run_date="
        + m.runDate();
  }
}

package cradle.shared.cloud;

import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.port.PortAdapters;
import java.time.Duration;

/** What every cloud function has: the Pub/Sub hand-off and run events. Profiles add their ports. */
public final class CloudAdapters {
  private CloudAdapters() {}

  public static PortAdapters.Builder builder(
      CloudSettings cloud, PubSubHandOff.PublisherFactory publishers) {
    return PortAdapters.builder()
        .handOff(new PubSubHandOff(cloud, publishers, Duration.ofSeconds(60)))
        .events(new PubSubRunEvents(cloud, publishers))
        .replay((run, stage) -> replayCommand(cloud, run, stage));
  }

  /** {@code ./cradle replay} with the project and, when not the default, the topic prefix. */
  static String replayCommand(CloudSettings cloud, RunMessage run, Stage stage) {
    return "./cradle replay --project "
        + cloud.project()
        + ("cradle".equals(cloud.topicPrefix()) ? "" : " --topic-prefix " + cloud.topicPrefix())
        + " --stage "
        + stage.id()
        + " --date "
        + run.runDate()
        + " --run-id "
        + run.runId()
        + (run.shard() == null ? "" : " --shard " + run.shard());
  }
}

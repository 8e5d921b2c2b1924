package cradle.shared.cloud;

import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.RunEvents;
import java.time.Duration;

/** What every cloud function has: the Pub/Sub hand-off and run events. Profiles add their ports. */
public abstract class CloudAdapters implements Profile.Adapters {
  private final HandOff handOff;
  private final RunEvents events;
  private final CloudSettings cloud;

  protected CloudAdapters(CloudSettings cloud, PubSubHandOff.PublisherFactory publishers) {
    this.cloud = cloud;
    this.handOff = new PubSubHandOff(cloud, publishers, Duration.ofSeconds(60));
    this.events = new PubSubRunEvents(cloud, publishers);
  }

  @Override
  public final HandOff handOff() {
    return handOff;
  }

  /** {@code ./cradle replay} with the project and, when not the default, the topic prefix. */
  @Override
  public final String replayCommand(RunMessage run, Stage stage) {
    return "./cradle replay --project "
        + cloud.project()
        + ("cradle".equals(cloud.topicPrefix()) ? "" : " --topic-prefix " + cloud.topicPrefix())
        + " --stage "
        + stage.id()
        + " --date "
        + run.runDate()
        + " --run-id "
        + run.runId();
  }

  @Override
  public final RunEvents events() {
    return events;
  }
}

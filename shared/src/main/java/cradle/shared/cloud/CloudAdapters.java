package cradle.shared.cloud;

import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.RunEvents;
import java.time.Duration;

/** What every cloud function has: the Pub/Sub hand-off and run events. Profiles add their ports. */
public abstract class CloudAdapters implements Profile.Adapters {
  private final HandOff handOff;
  private final RunEvents events;

  protected CloudAdapters(CloudSettings cloud, PubSubHandOff.PublisherFactory publishers) {
    this.handOff = new PubSubHandOff(cloud, publishers, Duration.ofSeconds(60));
    this.events = new PubSubRunEvents(cloud, publishers);
  }

  @Override
  public final HandOff handOff() {
    return handOff;
  }

  @Override
  public final RunEvents events() {
    return events;
  }
}

package cradle.shared.cloud;

import cradle.shared.port.PortAdapters;
import java.time.Duration;

/** What every cloud function has: the Pub/Sub hand-off and run events. Profiles add their ports. */
public final class CloudAdapters {
  private CloudAdapters() {}

  public static PortAdapters.Builder builder(
      CloudSettings cloud, PubSubHandOff.PublisherFactory publishers) {
    return PortAdapters.builder()
        .handOff(new PubSubHandOff(cloud, publishers, Duration.ofSeconds(60)))
        .events(new PubSubRunEvents(cloud, publishers));
  }
}

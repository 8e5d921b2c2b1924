package cradle.shared.cloud;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.base.Suppliers;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import cradle.shared.Log;
import cradle.shared.RunEvent;
import cradle.shared.port.RunEvents;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Run events on the {@code <prefix>-events} topic (a BigQuery subscription keeps them in the runs
 * table). Each is awaited briefly so it leaves before the function returns; a lost one is logged.
 */
public final class PubSubRunEvents implements RunEvents {
  private final Supplier<Publisher> publisher;

  public PubSubRunEvents(CloudSettings settings, PubSubHandOff.PublisherFactory factory) {
    TopicName topic = TopicName.of(settings.project(), settings.topicPrefix() + "-events");
    this.publisher =
        Suppliers.memoize(
            () -> {
              try {
                return factory.create(topic);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  @Override
  public void emit(RunEvent event) {
    try {
      publisher
          .get()
          .publish(
              PubsubMessage.newBuilder()
                  .setData(ByteString.copyFrom(event.toJson(), StandardCharsets.UTF_8))
                  .putAllAttributes(event.attributes())
                  .build())
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Log.root()
          .with("stage", event.stage())
          .warning("run event not published: " + e, "run_event", event.toJson());
    }
  }
}

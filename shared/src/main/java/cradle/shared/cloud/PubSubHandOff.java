package cradle.shared.cloud;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import cradle.shared.RetryLaterException;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.port.HandOff;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hands off through Pub/Sub and returns only once Pub/Sub has accepted the message, so a function
 * never returns (and gets frozen) with its hand-off still in a client buffer.
 */
public final class PubSubHandOff implements HandOff {
  /** Makes the publisher of one topic; tests point it at an in-process server. */
  @FunctionalInterface
  public interface PublisherFactory {
    Publisher create(TopicName topic) throws IOException;
  }

  private final CloudSettings settings;
  private final PublisherFactory factory;
  private final Duration timeout;
  private final Map<TopicName, Publisher> publishers = new ConcurrentHashMap<>();

  public PubSubHandOff(CloudSettings settings, PublisherFactory factory, Duration timeout) {
    this.settings = settings;
    this.factory = factory;
    this.timeout = timeout;
  }

  /** The production factory: one default publisher per topic, made on first use. */
  public static PublisherFactory defaultPublishers() {
    return topic -> Publisher.newBuilder(topic).build();
  }

  @Override
  public String publish(RunMessage message) throws IOException {
    TopicName topic = TopicName.of(settings.project(), settings.topic(message.stage()));
    Publisher publisher = publisher(topic);
    var encoded = RunMessageCodec.encode(message, null);
    PubsubMessage pubsub =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(encoded.data()))
            .putAllAttributes(encoded.attributes())
            .build();
    ApiFuture<String> id = publisher.publish(pubsub);
    try {
      return id.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RetryLaterException("publish to " + topic + " not acknowledged in " + timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException api && api.isRetryable()) {
        throw new RetryLaterException("publish to " + topic + ": " + api.getMessage(), api);
      }
      throw new IOException(
          "publish to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing to " + topic, e);
    }
  }

  private Publisher publisher(TopicName topic) throws IOException {
    Publisher existing = publishers.get(topic);
    if (existing != null) {
      return existing;
    }
    Publisher created = factory.create(topic);
    Publisher raced = publishers.putIfAbsent(topic, created);
    if (raced != null) {
      created.shutdown();
      return raced;
    }
    return created;
  }

  /** Flushes and stops every publisher (for the replay command, which exits afterwards). */
  public void shutdown() throws InterruptedException {
    for (Publisher p : publishers.values()) {
      p.shutdown();
      p.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}

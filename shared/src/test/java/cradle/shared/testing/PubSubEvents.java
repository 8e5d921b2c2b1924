package cradle.shared.testing;

import cradle.shared.PubSubMessage;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/** Real Pub/Sub CloudEvents, as Eventarc delivers them, for tests. */
public final class PubSubEvents {
  private PubSubEvents() {}

  public static CloudEvent of(RunMessage message, String messageId, Instant published) {
    PubSubMessage m = RunMessageCodec.encode(message, messageId);
    return withData(m.dataAsText(), m.attributes(), messageId, published);
  }

  /** An event whose Pub/Sub data is {@code data} (any text, valid or not). */
  public static CloudEvent withData(
      String data, Map<String, String> attributes, String messageId, Instant published) {
    PubSubMessage m =
        new PubSubMessage(messageId, published, attributes, data.getBytes(StandardCharsets.UTF_8));
    return envelope(m.toEventData("projects/p/subscriptions/s"), messageId, published);
  }

  /** An event whose whole body is {@code body}, for envelopes that are broken themselves. */
  public static CloudEvent envelope(String body, String id, Instant time) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(PubSubMessage.EVENT_TYPE)
        .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/cradle-test"))
        .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .withDataContentType("application/json")
        .withData(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

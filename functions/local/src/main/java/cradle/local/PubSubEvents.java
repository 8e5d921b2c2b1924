package cradle.local;

import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Builds the CloudEvent Eventarc would deliver for a Pub/Sub push envelope. */
public final class PubSubEvents {
  private PubSubEvents() {}

  public static CloudEvent fromEnvelope(String envelopeJson, String topic) {
    var message = JsonParser.parseString(envelopeJson).getAsJsonObject().getAsJsonObject("message");
    String id = message.get("messageId").getAsString();
    OffsetDateTime time =
        message.has("publishTime")
            ? OffsetDateTime.parse(message.get("publishTime").getAsString())
            : OffsetDateTime.now(ZoneOffset.UTC);
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(PubSubMessage.EVENT_TYPE)
        .withSource(URI.create("//pubsub.googleapis.com/projects/local/topics/" + topic))
        .withTime(time)
        .withDataContentType("application/json")
        .withData(envelopeJson.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}

package cradle.shared;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Pub/Sub message as it arrives inside a {@code messagePublished} CloudEvent: {@code
 * {"message":{"data":"<base64>","attributes":{..},"messageId":"..","publishTime":".."}}}.
 */
public record PubSubMessage(
    String messageId, Instant publishTime, Map<String, String> attributes, byte[] data) {

  public static final String EVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";

  /** Pub/Sub itself allows 10 MB; no Cradle message comes near this, so more is a mistake. */
  public static final int MAX_DATA_BYTES = 64 * 1024;

  public PubSubMessage {
    attributes = Map.copyOf(attributes);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public String dataAsText() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Decodes the envelope; anything that is not a Pub/Sub message is an invalid message. */
  public static PubSubMessage fromCloudEvent(CloudEvent event) {
    if (event.getData() == null) {
      throw new InvalidMessageException("event: has no data (is this a Pub/Sub event?)");
    }
    byte[] body = event.getData().toBytes();
    if (body.length > 4 * MAX_DATA_BYTES) {
      throw new InvalidMessageException(
          "event: " + body.length + " bytes is larger than any Cradle message");
    }
    JsonObject message;
    try {
      JsonElement root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
      if (!root.isJsonObject() || !root.getAsJsonObject().has("message")) {
        throw new InvalidMessageException("event: data has no \"message\" object");
      }
      message = root.getAsJsonObject().getAsJsonObject("message");
    } catch (JsonParseException | ClassCastException | IllegalStateException e) {
      String why = String.valueOf(e.getMessage());
      throw new InvalidMessageException(
          "event: data is not a Pub/Sub envelope: "
              + (why.contains("\n") ? why.substring(0, why.indexOf('\n')) : why));
    }
    String messageId = text(message, "messageId");
    if (messageId == null || messageId.isBlank()) {
      messageId = event.getId();
    }
    Instant publishTime = event.getTime() == null ? null : event.getTime().toInstant();
    String published = text(message, "publishTime");
    if (published != null) {
      try {
        publishTime = Instant.parse(published);
      } catch (DateTimeParseException e) {
        throw new InvalidMessageException("message.publishTime: not a timestamp: " + published);
      }
    }
    Map<String, String> attributes = new TreeMap<>();
    if (message.has("attributes") && message.get("attributes").isJsonObject()) {
      message
          .getAsJsonObject("attributes")
          .entrySet()
          .forEach(
              e -> {
                if (!e.getValue().isJsonPrimitive()) {
                  throw new InvalidMessageException(
                      "message.attributes." + e.getKey() + ": not a string");
                }
                attributes.put(e.getKey(), e.getValue().getAsString());
              });
    }
    byte[] data = new byte[0];
    String encoded = text(message, "data");
    if (encoded != null) {
      try {
        data = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new InvalidMessageException("message.data: not base64: " + e.getMessage());
      }
    }
    if (data.length > MAX_DATA_BYTES) {
      throw new InvalidMessageException(
          "message.data: " + data.length + " bytes, more than the limit of " + MAX_DATA_BYTES);
    }
    return new PubSubMessage(messageId, publishTime, attributes, data);
  }

  /** The inverse of {@link #fromCloudEvent}: the JSON body a push subscription would deliver. */
  public String toEventData(String subscription) {
    JsonObject message = new JsonObject();
    message.addProperty("data", Base64.getEncoder().encodeToString(data));
    JsonObject attrs = new JsonObject();
    attributes.forEach(attrs::addProperty);
    message.add("attributes", attrs);
    message.addProperty("messageId", messageId);
    if (publishTime != null) {
      message.addProperty("publishTime", publishTime.toString());
    }
    JsonObject root = new JsonObject();
    root.add("message", message);
    root.addProperty("subscription", subscription);
    return root.toString();
  }

  private static String text(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new InvalidMessageException("message." + field + ": not a string");
    }
    return e.getAsString();
  }
}

package cradle.shared;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.testing.PubSubEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubMessageTest {
  private static final Instant T = Instant.parse("2026-11-26T00:00:00Z");

  @Test
  void fromCloudEvent_decodesDataAttributesIdAndTime() {
    var event = PubSubEvents.withData("{\"a\":\"é\"}", Map.of("stage", "analyze"), "42", T);

    PubSubMessage m = PubSubMessage.fromCloudEvent(event);

    assertEquals("42", m.messageId());
    assertEquals(T, m.publishTime());
    assertEquals(Map.of("stage", "analyze"), m.attributes());
    assertEquals("{\"a\":\"é\"}", m.dataAsText());
  }

  @Test
  void toEventData_isTheInverseOfFromCloudEvent() {
    PubSubMessage m =
        new PubSubMessage("7", T, Map.of("k", "v"), "héllo".getBytes(StandardCharsets.UTF_8));

    PubSubMessage back =
        PubSubMessage.fromCloudEvent(PubSubEvents.envelope(m.toEventData("s"), "7", T));

    assertEquals(m.messageId(), back.messageId());
    assertEquals(m.publishTime(), back.publishTime());
    assertEquals(m.attributes(), back.attributes());
    assertArrayEquals(m.data(), back.data());
  }

  @Test
  void fromCloudEvent_messageWithoutData_isEmpty() {
    var event = PubSubEvents.envelope("{\"message\":{\"messageId\":\"1\"}}", "1", T);

    assertEquals(0, PubSubMessage.fromCloudEvent(event).data().length);
  }

  @Test
  void fromCloudEvent_brokenEnvelopes_areInvalidMessagesNamingTheProblem() {
    assertEquals(
        "message.data: not base64: Illegal base64 character 21",
        assertThrows(
                InvalidMessageException.class,
                () ->
                    PubSubMessage.fromCloudEvent(
                        PubSubEvents.envelope("{\"message\":{\"data\":\"!!!\"}}", "1", T)))
            .getMessage());
    assertEquals(
        "event: data has no \"message\" object",
        assertThrows(
                InvalidMessageException.class,
                () -> PubSubMessage.fromCloudEvent(PubSubEvents.envelope("{\"msg\":{}}", "1", T)))
            .getMessage());
    assertEquals(
        "message.attributes.a: not a string",
        assertThrows(
                InvalidMessageException.class,
                () ->
                    PubSubMessage.fromCloudEvent(
                        PubSubEvents.envelope("{\"message\":{\"attributes\":{\"a\":{}}}}", "1", T)))
            .getMessage());
    assertEquals(
        "event: has no data (is this a Pub/Sub event?)",
        assertThrows(
                InvalidMessageException.class,
                () ->
                    PubSubMessage.fromCloudEvent(
                        CloudEventBuilder.v1()
                            .withId("1")
                            .withType("t")
                            .withSource(URI.create("//x"))
                            .build()))
            .getMessage());
  }

  @Test
  void fromCloudEvent_oversizeData_isRefused() {
    String big = "x".repeat(PubSubMessage.MAX_DATA_BYTES + 1);
    var event =
        PubSubEvents.envelope(
            "{\"message\":{\"data\":\"" + PubSubEvents.base64(big) + "\"}}", "1", T);

    assertThrows(InvalidMessageException.class, () -> PubSubMessage.fromCloudEvent(event));
  }

  @Test
  void toEventData_writesEveryFieldAPushSubscriptionDelivers() {
    PubSubMessage m = new PubSubMessage("7", T, Map.of("k", "v"), "hi".getBytes(UTF_8));

    com.google.gson.JsonObject root =
        com.google.gson.JsonParser.parseString(m.toEventData("projects/p/subscriptions/s"))
            .getAsJsonObject();
    com.google.gson.JsonObject message = root.getAsJsonObject("message");

    assertEquals("projects/p/subscriptions/s", root.get("subscription").getAsString());
    assertEquals(PubSubEvents.base64("hi"), message.get("data").getAsString());
    assertEquals("7", message.get("messageId").getAsString());
    assertEquals(T.toString(), message.get("publishTime").getAsString());
    assertEquals("v", message.getAsJsonObject("attributes").get("k").getAsString());
  }

  @Test
  void toEventData_withoutPublishTime_leavesItOut() {
    PubSubMessage m = new PubSubMessage("7", null, Map.of(), new byte[0]);

    assertEquals(
        "{\"message\":{\"data\":\"\",\"attributes\":{},\"messageId\":\"7\"},"
            + "\"subscription\":\"s\"}",
        m.toEventData("s"));
  }

  @Test
  void fromCloudEvent_withoutIdOrTimeInTheMessage_takesTheEvents() {
    for (String body :
        List.of(
            "{\"message\":{}}",
            "{\"message\":{\"messageId\":\"\"}}",
            "{\"message\":{\"messageId\":\"  \",\"publishTime\":null}}")) {
      PubSubMessage m = PubSubMessage.fromCloudEvent(PubSubEvents.envelope(body, "ev-9", T));

      assertEquals("ev-9", m.messageId(), body);
      assertEquals(T, m.publishTime(), body);
    }
  }

  @Test
  void fromCloudEvent_theMessagesOwnIdAndTime_win() {
    PubSubMessage m =
        PubSubMessage.fromCloudEvent(
            PubSubEvents.envelope(
                "{\"message\":{\"messageId\":\"m-1\",\"publishTime\":\"2026-11-20T01:02:03Z\"}}",
                "ev-9",
                T));

    assertEquals("m-1", m.messageId());
    assertEquals(Instant.parse("2026-11-20T01:02:03Z"), m.publishTime());
  }

  @Test
  void fromCloudEvent_eventWithoutTime_hasNoPublishTime() {
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("ev-1")
            .withType(PubSubMessage.EVENT_TYPE)
            .withSource(URI.create("//x"))
            .withData("{\"message\":{}}".getBytes(UTF_8))
            .build();

    assertNull(PubSubMessage.fromCloudEvent(event).publishTime());
  }

  @Test
  void fromCloudEvent_badPublishTimeOrNonJson_isOneLineNamingTheProblem() {
    assertEquals(
        "message.publishTime: not a timestamp: yesterday",
        assertThrows(
                InvalidMessageException.class,
                () ->
                    PubSubMessage.fromCloudEvent(
                        PubSubEvents.envelope(
                            "{\"message\":{\"publishTime\":\"yesterday\"}}", "1", T)))
            .getMessage());
    String notJson =
        assertThrows(
                InvalidMessageException.class,
                () -> PubSubMessage.fromCloudEvent(PubSubEvents.envelope("{message: [", "1", T)))
            .getMessage();
    assertTrue(notJson.startsWith("event: data is not a Pub/Sub envelope: "), notJson);
    assertFalse(notJson.contains("\n"), notJson);
    assertEquals(
        "message.messageId: not a string",
        assertThrows(
                InvalidMessageException.class,
                () ->
                    PubSubMessage.fromCloudEvent(
                        PubSubEvents.envelope("{\"message\":{\"messageId\":[1]}}", "1", T)))
            .getMessage());
  }

  @Test
  void fromCloudEvent_dataOfExactlyTheLimit_isAccepted() {
    String most = "x".repeat(PubSubMessage.MAX_DATA_BYTES);
    var event =
        PubSubEvents.envelope(
            "{\"message\":{\"data\":\"" + PubSubEvents.base64(most) + "\"}}", "1", T);

    assertEquals(PubSubMessage.MAX_DATA_BYTES, PubSubMessage.fromCloudEvent(event).data().length);
  }
}

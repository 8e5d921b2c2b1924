package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.testing.PubSubEvents;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}

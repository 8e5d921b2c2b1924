package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMessageCodecTest {
  // 2026-11-25 20:00 UTC is already 2026-11-26 05:00 in Tokyo
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC);
  private final RunMessageCodec codec = new RunMessageCodec(CLOCK, ZoneId.of("Asia/Tokyo"), 400);

  private static PubSubMessage data(String json, String messageId) {
    return new PubSubMessage(messageId, null, Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decode_emptySchedulerMessage_isYesterdayInTokyoWithRunIdFromMessageId() {
    RunMessage m = codec.decode(data("", "m-1"), Stage.ANALYZE);

    assertEquals(LocalDate.parse("2026-11-25"), m.runDate());
    assertEquals(Stage.ANALYZE, m.stage());
    assertEquals(RunMessageCodec.deriveRunId(m.runDate(), "m-1"), m.runId());
    assertTrue(m.runId().matches("2026-11-25-[0-9a-f]{8}"), m.runId());
  }

  @Test
  void decode_duplicateDelivery_mapsToSameRun_republishToNewRun() {
    String body = "{\"run_date\":\"2026-11-20\"}";
    RunMessage first = codec.decode(data(body, "m-1"), Stage.ANALYZE);
    RunMessage duplicate = codec.decode(data(body, "m-1"), Stage.ANALYZE);
    RunMessage republished = codec.decode(data(body, "m-2"), Stage.ANALYZE);

    assertEquals(first.runId(), duplicate.runId());
    assertNotEquals(first.runId(), republished.runId());
  }

  @Test
  void decode_encoded_roundTrips() {
    RunMessage original =
        new RunMessage(
            1,
            "2026-11-20-abc",
            LocalDate.parse("2026-11-20"),
            Stage.PUBLISH,
            3,
            Map.of("report", "gs://b/runs/x/report/"),
            true);

    PubSubMessage encoded = RunMessageCodec.encode(original, "m-9");

    assertEquals(original, codec.decode(encoded, Stage.PUBLISH));
    assertEquals("publish", encoded.attributes().get("stage"));
    assertEquals("2026-11-20-abc", encoded.attributes().get("run_id"));
    assertEquals("2026-11-20", encoded.attributes().get("run_date"));
  }

  @Test
  void decode_badFields_namesEveryOneAtOnce() {
    String body =
        "{\"version\":2,\"stage\":\"bake\",\"run_date\":\"2026-13-01\",\"run_id\":\"Bad Id\","
            + "\"attempt\":0,\"artifacts\":[],\"force\":\"yes\",\"colour\":\"red\"}";

    InvalidMessageException e =
        assertThrows(
            InvalidMessageException.class, () -> codec.decode(data(body, "m"), Stage.ANALYZE));

    List<String> p = e.problems();
    assertEquals(8, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("version: 2 is not supported"), p.get(0));
    assertTrue(
        p.contains("stage: 'bake' is not one of analyze, notebook, await, publish"), p.toString());
    assertTrue(p.contains("run_date: '2026-13-01' is not a date (YYYY-MM-DD)"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("run_id: 'Bad Id'")), p.toString());
    assertTrue(p.contains("attempt: 0 must be at least 1"), p.toString());
    assertTrue(p.contains("artifacts: must be an object of name -> URI"), p.toString());
    assertTrue(p.contains("force: must be true or false"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("colour: unknown field")), p.toString());
  }

  @Test
  void decode_futureOrAncientDate_isRefused() {
    InvalidMessageException future =
        assertThrows(
            InvalidMessageException.class,
            () -> codec.decode(data("{\"run_date\":\"2026-11-27\"}", "m"), Stage.ANALYZE));
    InvalidMessageException old =
        assertThrows(
            InvalidMessageException.class,
            () -> codec.decode(data("{\"run_date\":\"2020-01-01\"}", "m"), Stage.ANALYZE));

    assertEquals(
        List.of("run_date: 2026-11-27 is in the future (today is 2026-11-26)"), future.problems());
    assertEquals(List.of("run_date: 2020-01-01 is more than 400 days in the past"), old.problems());
  }

  @Test
  void decode_messageForAnotherStage_isRefused() {
    InvalidMessageException e =
        assertThrows(
            InvalidMessageException.class,
            () -> codec.decode(data("{\"stage\":\"publish\"}", "m"), Stage.ANALYZE));

    assertEquals(
        List.of("stage: the message asks for 'publish' but was delivered to the analyze function"),
        e.problems());
  }

  @Test
  void decode_notJsonOrNotObject_saysSo() {
    assertEquals(
        "data: must be a JSON object, got an array",
        assertThrows(
                InvalidMessageException.class, () -> codec.decode(data("[1]", "m"), Stage.ANALYZE))
            .getMessage());
    assertTrue(
        assertThrows(
                InvalidMessageException.class,
                () -> codec.decode(data("{nope", "m"), Stage.ANALYZE))
            .getMessage()
            .startsWith("data: not JSON"));
  }
}

package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  private static final String ARTIFACTS = "gs://cradle-artifacts";
  private final RunMessageCodec codec =
      new RunMessageCodec(CLOCK, ZoneId.of("Asia/Tokyo"), 400, ARTIFACTS);

  private static PubSubMessage data(String json, String messageId) {
    return new PubSubMessage(messageId, null, Map.of(), json.getBytes(StandardCharsets.UTF_8));
  }

  /** The refusal of {@code json} delivered to {@code stage}'s function. */
  private InvalidMessageException refused(String json, Stage stage) {
    return assertThrows(
        InvalidMessageException.class, () -> codec.decode(data(json, "m"), stage), json);
  }

  private InvalidMessageException refused(String json) {
    return refused(json, Stage.ANALYZE);
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
        RunMessage.start("2026-11-20-abc", LocalDate.parse("2026-11-20"), Stage.PUBLISH)
            .withAttempt(3)
            .withArtifacts(Map.of("report", ARTIFACTS + "/runs/2026-11-20/2026-11-20-abc/report/"))
            .withForce(true)
            .withStartedAt(Instant.parse("2026-11-20T22:00:01Z"))
            .withRequest("a0123abcd");

    PubSubMessage encoded = RunMessageCodec.encode(original, "m-9");

    assertEquals(original, codec.decode(encoded, Stage.PUBLISH));
    assertEquals("publish", encoded.attributes().get("stage"));
    assertEquals("2026-11-20-abc", encoded.attributes().get("run_id"));
    assertEquals("2026-11-20", encoded.attributes().get("run_date"));
  }

  @Test
  void decode_requestThatIsNoAttemptName_isRefusedNamingIt() {
    List<String> p = refused("{\"run_date\":\"2026-11-20\",\"request\":\"m-1\"}").problems();
    assertEquals(
        List.of(
            "request: 'm-1' must be an attempt's name, 'a' and 8 hex digits (leave it out to make"
                + " a new request)"),
        p);
  }

  @Test
  void decode_badFields_namesEveryOneAtOnce() {
    String body =
        "{\"version\":2,\"stage\":\"bake\",\"run_date\":\"2026-13-01\",\"run_id\":\"Bad Id\","
            + "\"attempt\":0,\"artifacts\":[],\"force\":\"yes\",\"colour\":\"red\"}";

    List<String> p = refused(body).problems();
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
    InvalidMessageException future = refused("{\"run_date\":\"2026-11-27\"}");
    InvalidMessageException old = refused("{\"run_date\":\"2020-01-01\"}");

    assertEquals(
        List.of(
            "run_date: 2026-11-27 is not a finished report day (today is 2026-11-26 in Asia/Tokyo;"
                + " the latest is 2026-11-25)"),
        future.problems());
    assertEquals(List.of("run_date: 2020-01-01 is more than 400 days in the past"), old.problems());
  }

  @Test
  void decode_today_isRefused_yesterdayIsTheLatest() {
    // 20:00 UTC on the 25th is 05:00 on the 26th in Tokyo: the 26th has begun, it is not over
    InvalidMessageException today = refused("{\"run_date\":\"2026-11-26\"}");

    assertEquals(
        List.of(
            "run_date: 2026-11-26 is not a finished report day (today is 2026-11-26 in Asia/Tokyo;"
                + " the latest is 2026-11-25)"),
        today.problems());
    assertEquals(
        LocalDate.parse("2026-11-25"),
        codec.decode(data("{\"run_date\":\"2026-11-25\"}", "m"), Stage.ANALYZE).runDate());
    RunMessageCodec utc = new RunMessageCodec(CLOCK, ZoneOffset.UTC, 400, ARTIFACTS);
    assertThrows(
        InvalidMessageException.class,
        () -> utc.decode(data("{\"run_date\":\"2026-11-25\"}", "m"), Stage.ANALYZE),
        "in UTC it is still the 25th");
  }

  @Test
  void decode_newRun_startsAtItsPublishTime_sameOnEveryDelivery_andHandOffsKeepIt() {
    Instant published = Instant.parse("2026-11-25T19:00:00Z");
    PubSubMessage scheduler = new PubSubMessage("m-7", published, Map.of(), new byte[0]);

    RunMessage first = codec.decode(scheduler, Stage.ANALYZE);
    RunMessage again = codec.decode(scheduler, Stage.ANALYZE);
    RunMessage handedOn =
        codec.decode(
            RunMessageCodec.encode(first.handOff(Stage.NOTEBOOK, Map.of()), "m-8"), Stage.NOTEBOOK);

    assertEquals(published, first.startedAt());
    assertEquals(first, again);
    assertEquals(published, handedOn.startedAt());
    assertEquals(
        null,
        codec
            .decode(data("{\"run_id\":\"r-1\",\"run_date\":\"2026-11-25\"}", "m"), Stage.ANALYZE)
            .startedAt(),
        "a hand-written message for a named run does not know when the run started");
  }

  private static String publishMessage(String artifact, String uri) {
    return "{\"run_id\":\"2026-11-25-abc\",\"run_date\":\"2026-11-25\",\"stage\":\"publish\","
        + "\"artifacts\":{\""
        + artifact
        + "\":\""
        + uri.replace("\\", "\\\\")
        + "\"}}";
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "gs://other-bucket/runs/2026-11-25/2026-11-25-abc/report/",
        "gs://cradle-artifacts-x/runs/2026-11-25/2026-11-25-abc/report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abcX/report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc",
        "gs://cradle-artifacts/runs/2026-11-24/2026-11-25-abc/report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/../2026-11-25-def/report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/report/../../x/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/./report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc//report/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/%2e%2e/x/",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/report/?x=1",
        "gs://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/report\\..\\x",
        "file:///etc/passwd",
        "/runs/2026-11-25/2026-11-25-abc/report/",
        "GS://cradle-artifacts/runs/2026-11-25/2026-11-25-abc/report/"
      })
  void decode_artifactOutsideTheRunsFolder_isInvalid_namingTheField(String uri) {
    for (String artifact : List.of("report", "analysis", "notebook", "execution")) {
      InvalidMessageException e = refused(publishMessage(artifact, uri), Stage.PUBLISH);

      assertEquals(1, e.problems().size(), e.problems().toString());
      assertTrue(
          e.problems().get(0).startsWith("artifacts." + artifact + ": "), e.problems().toString());
    }
  }

  @Test
  void decode_artifactsOfTheRunItself_areAccepted() {
    String base = ARTIFACTS + "/runs/2026-11-25/2026-11-25-abc/";
    for (String uri :
        List.of(
            base + "report/", base + "report/report-000.jsonl", base + "notebook/input.ipynb")) {
      assertEquals(
          uri,
          codec.decode(data(publishMessage("report", uri), "m"), Stage.PUBLISH).artifact("report"));
    }
    String job =
        "projects/p-1/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc-a76f768bd";
    assertEquals(
        job,
        codec
            .decode(data(publishMessage("execution", job), "m"), Stage.PUBLISH)
            .artifact("execution"));
    refused(publishMessage("execution", job.replace("-abc", "-def")), Stage.PUBLISH);
  }

  @Test
  void decode_messageForAnotherStage_isRefused() {
    InvalidMessageException e = refused("{\"stage\":\"publish\"}");

    assertEquals(
        List.of("stage: the message asks for 'publish' but was delivered to the analyze function"),
        e.problems());
  }

  @Test
  void decode_notJsonOrNotObject_saysSo() {
    assertEquals("data: must be a JSON object, got an array", refused("[1]").getMessage());
    assertTrue(refused("{nope").getMessage().startsWith("data: not JSON: "));
  }

  @Test
  void decode_fieldsOfTheWrongType_nameTheTypeGiven() {
    String body = "{\"stage\":{},\"run_date\":[1],\"run_id\":true,\"started_at\":5}";

    List<String> p = refused(body).problems();

    assertTrue(p.contains("stage: must be a string, got an object"), p.toString());
    assertTrue(p.contains("run_date: must be a string, got an array"), p.toString());
    assertTrue(p.contains("run_id: must be a string, got a boolean"), p.toString());
    assertTrue(p.contains("started_at: must be a string, got a number"), p.toString());
  }

  @Test
  void decode_dataOfAnotherJsonType_namesIt() {
    for (var c :
        Map.of("5", "a number", "true", "a boolean", "\"run\"", "a string", "null", "null")
            .entrySet()) {
      assertEquals(
          "data: must be a JSON object, got " + c.getValue(), refused(c.getKey()).getMessage());
    }
  }

  @Test
  void decode_notJson_isOneLine() {
    String message = refused("{\"run_date\": 2026-11-20").getMessage();

    assertTrue(message.startsWith("data: not JSON: "), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void decode_attempt_wholeNumbersBelowABillionOnly() {
    String date = "\"run_date\":\"2026-11-20\"";
    assertEquals(
        999_999_999,
        codec.decode(data("{" + date + ",\"attempt\":999999999}", "m"), Stage.ANALYZE).attempt());
    assertEquals(
        2, codec.decode(data("{" + date + ",\"attempt\":2.0}", "m"), Stage.ANALYZE).attempt());
    for (String bad : List.of("2.5", "1000000000", "\"2\"", "-1000000000")) {
      assertEquals(
          List.of("attempt: must be a whole number, got " + bad),
          refused("{" + date + ",\"attempt\":" + bad + "}").problems(),
          bad);
    }
  }

  @Test
  void decode_shard_roundTrips_andAbsentIsEveryShard() {
    RunMessage original =
        RunMessage.start("2026-11-20-abc", LocalDate.parse("2026-11-20"), Stage.PUBLISH)
            .withAttempt(2)
            .withStartedAt(Instant.parse("2026-11-20T22:00:01Z"))
            .forShard(3);

    PubSubMessage encoded = RunMessageCodec.encode(original, "m-9");

    assertEquals(original, codec.decode(encoded, Stage.PUBLISH));
    assertEquals(3, codec.decode(encoded, Stage.PUBLISH).shard());
    assertEquals(
        null,
        codec
            .decode(data("{\"run_date\":\"2026-11-25\",\"run_id\":\"r\"}", "m"), Stage.PUBLISH)
            .shard());
  }

  @Test
  void decode_badShard_isNamed() {
    String date = "\"run_date\":\"2026-11-25\",\"run_id\":\"r\"";
    assertEquals(
        List.of("shard: -1 must be 0 or more (an instance number)"),
        refused("{" + date + ",\"shard\":-1}", Stage.PUBLISH).problems());
    assertEquals(
        List.of("shard: must be a whole number, got \"1\""),
        refused("{" + date + ",\"shard\":\"1\"}", Stage.PUBLISH).problems());
    assertEquals(
        List.of("shard: only a publish message names a shard"),
        refused("{" + date + ",\"shard\":1}", Stage.NOTEBOOK).problems());
  }
}

package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.testing.InProcessPubSub;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ./cradle replay through the real Pub/Sub client against an in-process Publisher service. */
class ReplayCommandTest {
  /** A fixed today (2026-12-05 in Tokyo), so the age limit and the dates stay put. */
  private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

  private final BigQuery bigquery = mock(BigQuery.class);
  private InProcessPubSub pubsub;

  /** A fixed clock, no waiting, the in-process Pub/Sub and the runs table's double. */
  private CloudClients cloud;

  @BeforeEach
  void fixTheClockThePubSubAndTheRunsTable() throws IOException {
    pubsub = new InProcessPubSub();
    cloud =
        new CloudClients(
            pubsub.publishers(),
            project -> {
              assertEquals("my-project", project);
              return bigquery;
            },
            Clock.fixed(NOW, ZoneOffset.UTC),
            pause -> {});
  }

  @AfterEach
  void close() {
    pubsub.close();
  }

  /** A query result of one STRING column. */
  static TableResult rows(String column, String... values) {
    FieldList schema = FieldList.of(Field.of(column, StandardSQLTypeName.STRING));
    List<FieldValueList> rows = new ArrayList<>();
    for (String v : values) {
      rows.add(
          FieldValueList.of(List.of(FieldValue.of(FieldValue.Attribute.PRIMITIVE, v)), schema));
    }
    TableResult result = mock(TableResult.class);
    when(result.iterateAll()).thenReturn(rows);
    return result;
  }

  /** What a failing command line printed on stderr. */
  private String runWithError(String... args) {
    Printed printed = Printed.cradle(cloud, args);
    assertEquals(1, printed.code(), printed.out());
    return printed.err();
  }

  /** What a command line printed on stdout. */
  private String run(String... args) {
    Printed printed = Printed.cradle(cloud, args);
    assertEquals(0, printed.code(), printed.err());
    return printed.out();
  }

  /** {@code replay --project my-project} followed by {@code args}. */
  private static String[] replay(String... args) {
    return concat(List.of("replay", "--project", "my-project"), args);
  }

  /** An analyze backfill of the dates {@code from} to {@code to}, with {@code options}. */
  private static String[] backfill(String from, String to, String... options) {
    return replay(concat(List.of("--stage", "analyze", "--date", from, "--to", to), options));
  }

  /** A replay of publish for run 2026-11-25-abc, with {@code options}. */
  private static String[] publishOfRun(String... options) {
    return replay(
        concat(
            List.of("--stage", "publish", "--date", "2026-11-25", "--run-id", "2026-11-25-abc"),
            options));
  }

  private static String[] concat(List<String> words, String... more) {
    return Stream.concat(words.stream(), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void backfill_publishesOneAnalyzeMessagePerDate_thatTheFunctionReadsAsANewRun() throws Exception {
    TableResult none = rows("run_date");
    when(bigquery.query(any(QueryJobConfiguration.class))).thenReturn(none);
    String out = run(backfill("2026-11-20", "2026-11-22"));

    List<InProcessPubSub.Received> got = pubsub.received();
    assertEquals(3, got.size(), out);
    // the replay stamps started_at with the time it publishes: decode as the function would then
    // (any run age allowed, so the fixed dates stay valid)
    RunMessageCodec codec =
        new RunMessageCodec(
            Clock.systemUTC(), java.time.ZoneId.of("Asia/Tokyo"), 36_500, "gs://cradle-artifacts");
    for (int i = 0; i < 3; i++) {
      assertEquals("projects/my-project/topics/cradle-analyze", got.get(i).topic());
      var m = got.get(i).message();
      var decoded =
          codec.decode(
              new PubSubMessage("x", null, m.getAttributesMap(), m.getData().toByteArray()),
              Stage.ANALYZE);
      assertEquals("2026-11-2" + i, decoded.runDate().toString());
      assertEquals("analyze", m.getAttributesMap().get("stage"));
    }
    assertTrue(out.contains("published analyze run 2026-11-20-"), out);
  }

  @Test
  void backfill_skipsTheDatesTheRunsTableShowsPublished_askingExactlyThat() throws Exception {
    QueryJobConfiguration published =
        QueryJobConfiguration.newBuilder(
                "SELECT DISTINCT run_date FROM (SELECT JSON_VALUE(attributes, '$.run_date') AS"
                    + " run_date FROM `my-project.cradle.runs` WHERE JSON_VALUE(attributes,"
                    + " '$.stage') = 'publish' AND JSON_VALUE(attributes, '$.event') IN"
                    + " ('succeeded', 'superseded') AND JSON_VALUE(attributes, '$.run_date')"
                    + " BETWEEN @from AND @to AND JSON_VALUE(data, '$.counts.continued') IS NULL"
                    + " AND JSON_VALUE(data, '$.counts.handed_on') IS NULL GROUP BY run_date,"
                    + " JSON_VALUE(attributes, '$.run_id') HAVING COUNT(DISTINCT"
                    + " IFNULL(JSON_VALUE(attributes, '$.shard'), '-')) >="
                    + " MAX(IFNULL(CAST(JSON_VALUE(data, '$.counts.shards') AS INT64), 1)))")
            .addNamedParameter("from", QueryParameterValue.string("2026-11-20"))
            .addNamedParameter("to", QueryParameterValue.string("2026-11-22"))
            .setUseLegacySql(false)
            .build();
    TableResult one = rows("run_date", "2026-11-21");
    when(bigquery.query(published)).thenReturn(one);
    String out = run(backfill("2026-11-20", "2026-11-22"));

    assertEquals(
        List.of("2026-11-20", "2026-11-22"),
        pubsub.received().stream()
            .map(r -> r.message().getAttributesMap().get("run_date"))
            .toList(),
        out);
    assertTrue(
        out.startsWith(
            "skipped 2026-11-21: already published (--include-published to run it again)\n"),
        out);
  }

  @Test
  void backfill_includePublished_runsEveryDate_withoutReadingTheRunsTable() throws Exception {
    run(backfill("2026-11-20", "2026-11-22", "--include-published"));

    assertEquals(3, pubsub.received().size());
    verifyNoInteractions(bigquery);
  }

  @Test
  void backfill_runsAtMostParallelDatesAtOnce_waitingForEachWaveToEndInTheRunsTable()
      throws Exception {
    List<Integer> publishedWhenAsked = new ArrayList<>();
    List<Integer> polls = new ArrayList<>();
    // the runs table: each asked-for run has published, from the second look on
    when(bigquery.query(any(QueryJobConfiguration.class)))
        .thenAnswer(
            a -> {
              QueryJobConfiguration q = a.getArgument(0);
              publishedWhenAsked.add(pubsub.received().size());
              polls.add(1);
              List<String> events = new ArrayList<>();
              if (polls.size() % 2 == 0) {
                for (QueryParameterValue id :
                    q.getNamedParameters().get("run_ids").getArrayValues()) {
                  events.add(
                      new RunEvent(
                              RunEvent.Kind.SUCCEEDED,
                              "publish",
                              id.getValue(),
                              "2026-11-20",
                              "m",
                              NOW,
                              1L,
                              null,
                              null,
                              null)
                          .toJson());
                }
              }
              return rows("data", events.toArray(String[]::new));
            });

    run(backfill("2026-11-20", "2026-11-24", "--include-published", "--parallel", "2"));

    assertEquals(5, pubsub.received().size());
    // two looks per wave (running, then ended) after waves of 2 and 2; the last wave is not
    // waited for
    assertEquals(List.of(2, 2, 4, 4), publishedWhenAsked);
  }

  @Test
  void backfillPastTheAgeLimit_isRefusedUpFront_withOneLine_publishingNothing() throws Exception {
    String err = runWithError(backfill("2025-01-01", "2026-12-04"));

    assertEquals(
        "cradle: --date 2025-01-01 is past the functions' age limit: dates before 2025-10-31"
            + " (400 days, CRADLE_MAX_RUN_AGE_DAYS) are refused as invalid; start at 2025-10-31"
            + " or later",
        err.strip());
    assertEquals(0, pubsub.received().size());
    verifyNoInteractions(bigquery);
  }

  @Test
  void theAgeLimit_isTheOneTheFunctionsApply() {
    RunMessageCodec codec =
        new RunMessageCodec(cloud.clock(), ZoneId.of("Asia/Tokyo"), 400, "gs://b");
    RunMessage oldest = RunMessage.start("r", codec.oldestRunDate(), Stage.ANALYZE);
    RunMessage older = RunMessage.start("r", codec.oldestRunDate().minusDays(1), Stage.ANALYZE);

    codec.decode(pubsub(codec, oldest), Stage.ANALYZE);
    assertThrows(
        cradle.shared.InvalidMessageException.class,
        () -> codec.decode(pubsub(codec, older), Stage.ANALYZE));
    assertEquals(
        "cradle: --date 2025-10-30 is past the functions' age limit: dates before 2025-10-31"
            + " (400 days, CRADLE_MAX_RUN_AGE_DAYS) are refused as invalid; start at 2025-10-31"
            + " or later",
        runWithError(replay("--stage", "analyze", "--date", older.runDate().toString())).strip());
  }

  private static PubSubMessage pubsub(RunMessageCodec codec, RunMessage m) {
    return RunMessageCodec.encode(m, "x");
  }

  @Test
  void laterStage_continuesTheNamedRun() throws Exception {
    run(publishOfRun("--force"));

    JsonObject body =
        JsonParser.parseString(pubsub.received().get(0).message().getData().toStringUtf8())
            .getAsJsonObject();
    assertEquals("projects/my-project/topics/cradle-publish", pubsub.received().get(0).topic());
    assertEquals("2026-11-25-abc", body.get("run_id").getAsString());
    assertEquals(true, body.get("force").getAsBoolean());
  }

  @Test
  void laterStageWithoutRunId_isOneClearError() {
    String err =
        runWithError(
            "replay", "--project", "p-123456", "--stage", "notebook", "--date", "2026-11-25");

    assertEquals(
        "cradle: replaying notebook continues a run: give its --run-id (or replay analyze to start"
            + " a new run)",
        err.strip());
  }

  @Test
  void dryRun_printsTheGcloudEquivalent() {
    String out = run(replay("--stage", "analyze", "--date", "2026-11-25", "--dry-run"));

    assertEquals(
        "gcloud pubsub topics publish cradle-analyze --project my-project --message"
            + " '{\"run_date\":\"2026-11-25\"}' --attribute stage=analyze,run_date=2026-11-25",
        out.strip());
  }

  @Test
  void publishOfOneShard_namesItInTheMessage_thatTheFunctionReadsAsThatShard() throws Exception {
    run(publishOfRun("--shard", "2"));

    var received = pubsub.received().get(0).message();
    RunMessage decoded =
        new RunMessageCodec(
                Clock.fixed(NOW, ZoneOffset.UTC), java.time.ZoneId.of("Asia/Tokyo"), 400, "gs://a")
            .decode(
                new PubSubMessage(
                    "m", null, received.getAttributesMap(), received.getData().toByteArray()),
                Stage.PUBLISH);
    assertEquals(2, decoded.shard());
    assertEquals("2026-11-25-abc", decoded.runId());
  }

  @Test
  void dryRunOfOneShard_printsTheGcloudEquivalent() {
    String out = run(publishOfRun("--shard", "1", "--dry-run"));

    assertEquals(
        "gcloud pubsub topics publish cradle-publish --project my-project --message"
            + " '{\"run_id\":\"2026-11-25-abc\",\"run_date\":\"2026-11-25\",\"stage\":\"publish\","
            + "\"shard\":1}' --attribute stage=publish,run_date=2026-11-25",
        out.strip());
  }

  @Test
  void aShardOfAnotherStage_isOneClearError() {
    assertEquals(
        "cradle: --shard names a database instance: it is for --stage publish only",
        runWithError(
                replay("--stage", "await", "--date", "2026-11-25", "--run-id", "r", "--shard", "1"))
            .strip());
  }
}

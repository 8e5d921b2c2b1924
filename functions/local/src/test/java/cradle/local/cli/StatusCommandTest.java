package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableResult;
import cradle.shared.RunEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./cradle status --project: the deployed runs table, read with exactly one query. */
class StatusCommandTest {
  private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

  private static String event(
      RunEvent.Kind kind,
      String stage,
      String run,
      String at,
      String reason,
      Map<String, Object> c) {
    return new RunEvent(
            kind, stage, run, "2026-12-04", "m", Instant.parse(at), 1500L, reason, c, null)
        .toJson();
  }

  @Test
  void project_readsTheRunsTableOfTheLastDays_andShowsEachRunStageByStage() throws Exception {
    BigQuery bigquery = mock(BigQuery.class);
    QueryJobConfiguration expected =
        QueryJobConfiguration.newBuilder(
                "SELECT data FROM `my-project.cradle_test.runs` WHERE publish_time >= @since ORDER"
                    + " BY publish_time")
            .addNamedParameter(
                "since",
                QueryParameterValue.timestamp(
                    Instant.parse("2026-12-02T01:00:00Z").getEpochSecond() * 1_000_000))
            .setUseLegacySql(false)
            .build();
    TableResult rows =
        ReplayCommandTest.rows(
            "data",
            event(
                RunEvent.Kind.SUCCEEDED,
                "analyze",
                "2026-12-04-aa",
                "2026-12-04T22:01:00Z",
                null,
                Map.of("rows", 20)),
            event(
                RunEvent.Kind.SUCCEEDED,
                "notebook",
                "2026-12-04-aa",
                "2026-12-04T22:02:00Z",
                null,
                null),
            event(
                RunEvent.Kind.FAILED,
                "await",
                "2026-12-04-aa",
                "2026-12-04T22:09:00Z",
                "cell 4: KeyError: 'sleep_min'",
                null));
    when(bigquery.query(expected)).thenReturn(rows);
    // status neither publishes nor waits
    CloudClients cloud =
        new CloudClients(
            null,
            project -> project.equals("my-project") ? bigquery : null,
            Clock.fixed(NOW, ZoneOffset.UTC),
            null);

    Printed printed =
        Printed.cradle(
            cloud, "status", "--project", "my-project", "--dataset", "cradle_test", "--days", "3");

    assertEquals(0, printed.code(), printed.err());
    assertEquals(
        String.join(
            "\n",
            "RUN                      DATE        ANALYZE        NOTEBOOK       AWAIT          PUBLISH",
            "2026-12-04-aa            2026-12-04  ok 1.5s        ok 1.5s        FAILED         -",
            "  2026-12-04-aa await: cell 4: KeyError: 'sleep_min'",
            ""),
        printed.out());
  }
}

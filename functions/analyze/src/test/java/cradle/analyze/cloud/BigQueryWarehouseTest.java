package cradle.analyze.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.ExtractJobConfiguration;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import cradle.analyze.AnalysisSql;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.port.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class BigQueryWarehouseTest {
  private static final BigQuerySettings SETTINGS =
      new BigQuerySettings(
          "my-project", "cradle", "asia-northeast1", 50L << 30, Duration.ofSeconds(300));
  private static final Instant WS = Instant.parse("2026-11-11T21:00:00Z");
  private static final Instant WE = Instant.parse("2026-11-25T21:00:00Z");
  static final Warehouse.Request REQUEST =
      new Warehouse.Request(
          "cradle-analyze-2026-11-25-abc",
          AnalysisSql.query(),
          "report_inputs",
          LocalDate.parse("2026-11-25"),
          Map.of(
              "run_date",
              LocalDate.parse("2026-11-25"),
              "time_zone",
              "Asia/Tokyo",
              "window_start",
              WS,
              "window_end",
              WE),
          Map.of("pipeline", "cradle", "stage", "analyze", "run_date", "2026-11-25"),
          "gs://bkt/runs/2026-11-25/2026-11-25-abc/analysis/");

  private final BigQuery bq = mock(BigQuery.class);
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-26T00:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId z) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final BigQueryWarehouse warehouse =
      new BigQueryWarehouse(() -> bq, SETTINGS, clock, ms -> now.set(now.get().plusMillis(ms)));

  private static final JobId Q1 = id("cradle-analyze-2026-11-25-abc-1");
  private static final JobId Q2 = id("cradle-analyze-2026-11-25-abc-2");
  private static final JobId X1 = id("cradle-export-2026-11-25-abc-1");
  private static final Warehouse.Result EXPORTED =
      new Warehouse.Result(
          FakeBigQuery.ROWS,
          List.of("gs://bkt/runs/2026-11-25/2026-11-25-abc/analysis/rows-*.jsonl"));

  private static JobId id(String job) {
    return JobId.newBuilder()
        .setProject("my-project")
        .setLocation("asia-northeast1")
        .setJob(job)
        .build();
  }

  private static Job done(JobId id) throws Exception {
    return FakeBigQuery.job(id, JobStatus.State.DONE, null);
  }

  private static Job running(JobId id) throws Exception {
    return FakeBigQuery.job(id, JobStatus.State.RUNNING, null);
  }

  private static Job failed(JobId id, BigQueryError error) throws Exception {
    return FakeBigQuery.job(id, JobStatus.State.DONE, error);
  }

  /** The jobs {@code bq} was asked to create, in order. */
  private List<JobInfo> created(int count) {
    ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
    verify(bq, times(count)).create(created.capture());
    return created.getAllValues();
  }

  @Test
  void analyze_startsTheQueryAndTheExtract_withExactlyTheseRequests() throws Exception {
    Job query = done(Q1);
    Job export = done(X1);
    when(bq.create(any(JobInfo.class))).thenReturn(query, export);

    Warehouse.Result result = warehouse.analyze(REQUEST);

    assertEquals(EXPORTED, result);
    List<JobInfo> created = created(2);
    assertEquals(Q1, created.get(0).getJobId());
    QueryJobConfiguration qc = created.get(0).getConfiguration();
    assertEquals(AnalysisSql.query(), qc.getQuery());
    assertEquals(false, qc.useLegacySql());
    assertEquals(DatasetId.of("my-project", "cradle"), qc.getDefaultDataset());
    assertEquals(
        TableId.of("my-project", "cradle", "report_inputs$20261125"), qc.getDestinationTable());
    assertEquals(JobInfo.WriteDisposition.WRITE_TRUNCATE, qc.getWriteDisposition());
    assertEquals(JobInfo.CreateDisposition.CREATE_NEVER, qc.getCreateDisposition());
    assertEquals(50L << 30, qc.getMaximumBytesBilled());
    assertEquals(
        Map.of("pipeline", "cradle", "stage", "analyze", "run_date", "2026-11-25"), qc.getLabels());
    assertEquals(
        Map.of(
            "run_date", QueryParameterValue.date("2026-11-25"),
            "time_zone", QueryParameterValue.string("Asia/Tokyo"),
            "window_start", QueryParameterValue.timestamp(WS.toEpochMilli() * 1000),
            "window_end", QueryParameterValue.timestamp(WE.toEpochMilli() * 1000)),
        qc.getNamedParameters());
    JobInfo extract = created.get(1);
    assertEquals(X1, extract.getJobId());
    ExtractJobConfiguration xc = extract.getConfiguration();
    assertEquals(TableId.of("my-project", "cradle", "report_inputs$20261125"), xc.getSourceTable());
    assertEquals(
        List.of("gs://bkt/runs/2026-11-25/2026-11-25-abc/analysis/rows-*.jsonl"),
        xc.getDestinationUris());
    assertEquals("NEWLINE_DELIMITED_JSON", xc.getFormat());
  }

  @Test
  void analyze_duplicateDelivery_attachesToTheRunningJob_withoutStartingAnother() throws Exception {
    Job running = running(Q1);
    Job done = done(Q1);
    Job exported = done(X1);
    when(bq.getJob(Q1)).thenReturn(running, done);
    when(bq.getJob(X1)).thenReturn(exported);

    assertEquals(EXPORTED, warehouse.analyze(REQUEST));
    verify(bq, never()).create(any(JobInfo.class));
  }

  @Test
  void analyze_alreadyExistsOnCreate_attachesToThatJob() throws Exception {
    Job done = done(Q1);
    Job exported = done(X1);
    when(bq.getJob(Q1)).thenReturn(null, done);
    when(bq.getJob(X1)).thenReturn(exported);
    when(bq.create(any(JobInfo.class)))
        .thenThrow(
            new BigQueryException(
                409, "Already Exists: Job my-project:asia-northeast1." + Q1.getJob()));

    assertEquals(EXPORTED, warehouse.analyze(REQUEST));
    assertEquals(Q1, created(1).get(0).getJobId());
  }

  @Test
  void analyze_invalidQuery_failsForGood_withBigQuerysReason() throws Exception {
    Job failed =
        failed(
            Q1,
            new BigQueryError(
                "invalidQuery", "query", "Unrecognized name: sleep_minutes at [3:5]"));
    when(bq.create(any(JobInfo.class))).thenReturn(failed);

    StageFailedException e =
        assertThrows(StageFailedException.class, () -> warehouse.analyze(REQUEST));

    assertEquals(
        "BigQuery job cradle-analyze-2026-11-25-abc-1 failed: invalidQuery: Unrecognized name:"
            + " sleep_minutes at [3:5]",
        e.getMessage());
    assertEquals(Q1, created(1).get(0).getJobId());
  }

  @Test
  void analyze_jobFailedForAPassingReason_startsTheNextNumberedJob() throws Exception {
    Job failed = failed(Q1, new BigQueryError("backendError", "", "try again"));
    Job second = done(Q2);
    Job exported = done(X1);
    when(bq.getJob(Q1)).thenReturn(failed);
    when(bq.create(any(JobInfo.class))).thenReturn(second, exported);

    assertEquals(EXPORTED, warehouse.analyze(REQUEST));
    assertEquals(List.of(Q2, X1), created(2).stream().map(JobInfo::getJobId).toList());
  }

  @Test
  void analyze_queryLongerThanTheWait_isLeftRunningForTheRedelivery() throws Exception {
    Job running = running(Q1);
    Job stillRunning = running(Q1);
    when(bq.create(any(JobInfo.class))).thenReturn(running);
    when(bq.getJob(Q1)).thenReturn(null).thenReturn(stillRunning);

    RetryLaterException e =
        assertThrows(RetryLaterException.class, () -> warehouse.analyze(REQUEST));

    assertEquals(
        "BigQuery job cradle-analyze-2026-11-25-abc-1 is still running; the redelivery will look"
            + " again",
        e.getMessage());
    assertEquals(Q1, created(1).get(0).getJobId());
    assertFalse(
        now.get().isBefore(Instant.parse("2026-11-26T00:05:00Z")), "waited the configured 300 s");
  }

  @Test
  void analyze_serverError_isRetriedByRedelivery_permissionDeniedIsNot() throws Exception {
    when(bq.create(any(JobInfo.class)))
        .thenThrow(new BigQueryException(503, "backend unavailable"));
    assertThrows(RetryLaterException.class, () -> warehouse.analyze(REQUEST));

    BigQuery denied = mock(BigQuery.class);
    when(denied.create(any(JobInfo.class)))
        .thenThrow(new BigQueryException(403, "Access Denied: Table my-project:cradle.events"));
    BigQueryWarehouse w = new BigQueryWarehouse(() -> denied, SETTINGS, clock, ms -> {});
    StageFailedException e = assertThrows(StageFailedException.class, () -> w.analyze(REQUEST));
    assertEquals(
        "BigQuery refused job cradle-analyze-2026-11-25-abc-1: Access Denied: Table"
            + " my-project:cradle.events",
        e.getMessage());
  }
}

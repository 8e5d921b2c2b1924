package cradle.analyze.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  private static JobId id(String job) {
    return JobId.newBuilder()
        .setProject("my-project")
        .setLocation("asia-northeast1")
        .setJob(job)
        .build();
  }

  @Test
  void analyze_startsTheQueryAndTheExtract_withExactlyTheseRequests() throws Exception {
    JobId q = id("cradle-analyze-2026-11-25-abc-1");
    JobId x = id("cradle-export-2026-11-25-abc-1");
    Job queryJob = FakeBigQuery.job(q, JobStatus.State.DONE, null);
    Job extractJob = FakeBigQuery.job(x, JobStatus.State.DONE, null);
    when(bq.create(any(JobInfo.class))).thenReturn(queryJob, extractJob);

    Warehouse.Result result = warehouse.analyze(REQUEST);

    assertEquals(
        new Warehouse.Result(
            9984, List.of("gs://bkt/runs/2026-11-25/2026-11-25-abc/analysis/rows-*.jsonl")),
        result);
    ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
    verify(bq, times(2)).create(created.capture());
    JobInfo query = created.getAllValues().get(0);
    assertEquals(q, query.getJobId());
    QueryJobConfiguration qc = query.getConfiguration();
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
    JobInfo extract = created.getAllValues().get(1);
    assertEquals(x, extract.getJobId());
    ExtractJobConfiguration xc = extract.getConfiguration();
    assertEquals(TableId.of("my-project", "cradle", "report_inputs$20261125"), xc.getSourceTable());
    assertEquals(
        List.of("gs://bkt/runs/2026-11-25/2026-11-25-abc/analysis/rows-*.jsonl"),
        xc.getDestinationUris());
    assertEquals("NEWLINE_DELIMITED_JSON", xc.getFormat());
  }

  @Test
  void analyze_duplicateDelivery_attachesToTheRunningJob_withoutStartingAnother() throws Exception {
    JobId q = id("cradle-analyze-2026-11-25-abc-1");
    JobId x = id("cradle-export-2026-11-25-abc-1");
    Job running = FakeBigQuery.job(q, JobStatus.State.RUNNING, null);
    Job done = FakeBigQuery.job(q, JobStatus.State.DONE, null);
    Job exported = FakeBigQuery.job(x, JobStatus.State.DONE, null);
    when(bq.getJob(q)).thenReturn(running, done);
    when(bq.getJob(x)).thenReturn(exported);

    warehouse.analyze(REQUEST);

    verify(bq, never()).create(any(JobInfo.class));
  }

  @Test
  void analyze_alreadyExistsOnCreate_attachesToThatJob() throws Exception {
    JobId q = id("cradle-analyze-2026-11-25-abc-1");
    JobId x = id("cradle-export-2026-11-25-abc-1");
    Job done = FakeBigQuery.job(q, JobStatus.State.DONE, null);
    Job exported = FakeBigQuery.job(x, JobStatus.State.DONE, null);
    when(bq.getJob(q)).thenReturn(null, done);
    when(bq.getJob(x)).thenReturn(exported);
    when(bq.create(any(JobInfo.class)))
        .thenThrow(
            new BigQueryException(
                409, "Already Exists: Job my-project:asia-northeast1." + q.getJob()));

    assertEquals(9984, warehouse.analyze(REQUEST).rows());
  }

  @Test
  void analyze_invalidQuery_failsForGood_withBigQuerysReason() throws Exception {
    JobId q = id("cradle-analyze-2026-11-25-abc-1");
    Job failed =
        FakeBigQuery.job(
            q,
            JobStatus.State.DONE,
            new BigQueryError(
                "invalidQuery", "query", "Unrecognized name: sleep_minutes at [3:5]"));
    when(bq.create(any(JobInfo.class))).thenReturn(failed);

    StageFailedException e =
        assertThrows(StageFailedException.class, () -> warehouse.analyze(REQUEST));

    assertEquals(
        "BigQuery job cradle-analyze-2026-11-25-abc-1 failed: invalidQuery: Unrecognized name:"
            + " sleep_minutes at [3:5]",
        e.getMessage());
    verify(bq, times(1)).create(any(JobInfo.class));
  }

  @Test
  void analyze_jobFailedForAPassingReason_startsTheNextNumberedJob() throws Exception {
    JobId q1 = id("cradle-analyze-2026-11-25-abc-1");
    JobId q2 = id("cradle-analyze-2026-11-25-abc-2");
    Job failed =
        FakeBigQuery.job(
            q1, JobStatus.State.DONE, new BigQueryError("backendError", "", "try again"));
    when(bq.getJob(q1)).thenReturn(failed);
    Job second = FakeBigQuery.job(q2, JobStatus.State.DONE, null);
    Job extract =
        FakeBigQuery.job(id("cradle-export-2026-11-25-abc-1"), JobStatus.State.DONE, null);
    when(bq.create(any(JobInfo.class))).thenReturn(second, extract);

    warehouse.analyze(REQUEST);

    ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
    verify(bq, times(2)).create(created.capture());
    assertEquals(q2, created.getAllValues().get(0).getJobId());
  }

  @Test
  void analyze_queryLongerThanTheWait_isLeftRunningForTheRedelivery() throws Exception {
    JobId q = id("cradle-analyze-2026-11-25-abc-1");
    Job running = FakeBigQuery.job(q, JobStatus.State.RUNNING, null);
    Job stillRunning = FakeBigQuery.job(q, JobStatus.State.RUNNING, null);
    when(bq.create(any(JobInfo.class))).thenReturn(running);
    when(bq.getJob(q)).thenReturn(null).thenReturn(stillRunning);

    RetryLaterException e =
        assertThrows(RetryLaterException.class, () -> warehouse.analyze(REQUEST));

    assertEquals(
        "BigQuery job cradle-analyze-2026-11-25-abc-1 is still running; the redelivery will look"
            + " again",
        e.getMessage());
    verify(bq, times(1)).create(any(JobInfo.class));
    assertEquals(
        true,
        !now.get().isBefore(Instant.parse("2026-11-26T00:05:00Z")),
        "waited the configured 300 s");
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
    assertEquals(true, e.getMessage().contains("Access Denied"), e.getMessage());
  }
}

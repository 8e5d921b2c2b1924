package cradle.analyze.cloud;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.ExtractJobConfiguration;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobConfiguration;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.port.Warehouse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The analysis as BigQuery jobs: a query that replaces the run date's partition of the report
 * table, then an extract of that partition to JSON Lines shards in Cloud Storage.
 *
 * <p>Job ids come from the run ({@code cradle-analyze-<run>-<n>}): a duplicate delivery finds the
 * job it already started and waits on it instead of starting a second. A job that failed for a
 * passing reason is followed by {@code -<n+1>}; one that failed for good ends the run. A job still
 * running when this delivery's wait is over is left running, and the redelivery picks it up.
 */
public final class BigQueryWarehouse implements Warehouse {
  /** Waits between polls; tests pass one that moves a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  static final int MAX_JOBS = 3;
  private static final Set<String> PASSING_REASONS =
      Set.of(
          "backendError",
          "internalError",
          "rateLimitExceeded",
          "jobBackendError",
          "jobInternalError",
          "quotaExceeded",
          "jobRateLimitExceeded");
  private static final DateTimeFormatter PARTITION = DateTimeFormatter.BASIC_ISO_DATE;

  private final Supplier<BigQuery> bigquery;
  private final BigQuerySettings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  public BigQueryWarehouse(
      Supplier<BigQuery> bigquery, BigQuerySettings settings, Clock clock, Sleeper sleeper) {
    this.bigquery = bigquery;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public Result analyze(Request request) throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(settings.jobWait());
    TableId partition =
        TableId.of(
            settings.project(),
            settings.dataset(),
            request.table() + "$" + PARTITION.format(request.runDate()));
    Job query = run(request.jobId(), queryConfig(request, partition), deadline);
    long rows = query.getQueryResults(BigQuery.QueryResultsOption.pageSize(1)).getTotalRows();
    String shards = request.exportPrefix() + "rows-*.jsonl";
    ExtractJobConfiguration extract =
        ExtractJobConfiguration.newBuilder(partition, shards)
            .setFormat("NEWLINE_DELIMITED_JSON")
            .setLabels(request.labels())
            .build();
    run(request.jobId().replace("cradle-analyze-", "cradle-export-"), extract, deadline);
    return new Result(rows, List.of(shards));
  }

  QueryJobConfiguration queryConfig(Request request, TableId partition) {
    Map<String, QueryParameterValue> parameters = new LinkedHashMap<>();
    request.parameters().forEach((name, value) -> parameters.put(name, parameter(value)));
    return QueryJobConfiguration.newBuilder(request.sql())
        .setUseLegacySql(false)
        .setDefaultDataset(DatasetId.of(settings.project(), settings.dataset()))
        .setNamedParameters(parameters)
        .setDestinationTable(partition)
        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE)
        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
        .setMaximumBytesBilled(settings.maxBytesBilled())
        .setLabels(request.labels())
        .build();
  }

  static QueryParameterValue parameter(Object value) {
    if (value instanceof LocalDate d) {
      return QueryParameterValue.date(d.toString());
    }
    if (value instanceof Instant i) {
      return QueryParameterValue.timestamp(i.toEpochMilli() * 1000);
    }
    if (value instanceof String s) {
      return QueryParameterValue.string(s);
    }
    if (value instanceof Long || value instanceof Integer) {
      return QueryParameterValue.int64(((Number) value).longValue());
    }
    throw new IllegalArgumentException("no BigQuery parameter type for " + value.getClass());
  }

  /** Finds or starts the job for {@code baseId} and waits for it until {@code deadline}. */
  private Job run(String baseId, JobConfiguration config, Instant deadline)
      throws IOException, InterruptedException {
    BigQueryError last = null;
    for (int n = 1; n <= MAX_JOBS; n++) {
      JobId id =
          JobId.newBuilder()
              .setProject(settings.project())
              .setLocation(settings.location())
              .setJob(baseId + "-" + n)
              .build();
      Job job = findOrStart(id, config);
      job = awaitDone(job, id, deadline);
      BigQueryError error = job.getStatus().getError();
      if (error == null) {
        return job;
      }
      if (!PASSING_REASONS.contains(error.getReason())) {
        throw new StageFailedException(
            "BigQuery job "
                + id.getJob()
                + " failed: "
                + error.getReason()
                + ": "
                + error.getMessage());
      }
      last = error;
    }
    throw new StageFailedException(
        "BigQuery jobs "
            + baseId
            + "-1.."
            + MAX_JOBS
            + " all failed; last: "
            + last.getReason()
            + ": "
            + last.getMessage());
  }

  private Job findOrStart(JobId id, JobConfiguration config) throws IOException {
    try {
      Job existing = bigquery.get().getJob(id);
      if (existing != null) {
        return existing;
      }
      return bigquery.get().create(JobInfo.newBuilder(config).setJobId(id).build());
    } catch (BigQueryException e) {
      if (e.getCode() == 409) {
        // a concurrent delivery created it between our look and our create
        return bigquery.get().getJob(id);
      }
      if (e.isRetryable() || e.getCode() >= 500 || e.getCode() == 429) {
        throw new RetryLaterException(
            "BigQuery " + e.getCode() + " for job " + id.getJob() + ": " + e.getMessage(), e);
      }
      throw new StageFailedException(
          "BigQuery refused job " + id.getJob() + ": " + e.getMessage(), e);
    }
  }

  private Job awaitDone(Job job, JobId id, Instant deadline) throws InterruptedException {
    long pause = 500;
    while (job.getStatus() == null || job.getStatus().getState() != JobStatus.State.DONE) {
      if (!clock.instant().isBefore(deadline)) {
        throw new RetryLaterException(
            "BigQuery job " + id.getJob() + " is still running; the redelivery will look again");
      }
      sleeper.sleep(pause);
      pause = Math.min(pause * 2, 10_000);
      job = bigquery.get().getJob(id);
    }
    return job;
  }
}

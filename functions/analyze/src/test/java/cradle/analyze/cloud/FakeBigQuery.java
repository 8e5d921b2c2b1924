package cradle.analyze.cloud;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.TableResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** BigQuery doubles for the analyze tests: jobs in a given state, and a service that keeps them. */
final class FakeBigQuery {
  static final long ROWS = 9984;

  private FakeBigQuery() {}

  /**
   * A job in {@code state}, failed with {@code error} when not null, whose query wrote ROWS rows.
   */
  static Job job(JobId id, JobStatus.State state, BigQueryError error) throws Exception {
    Job job = mock(Job.class);
    JobStatus status = mock(JobStatus.class);
    when(status.getState()).thenReturn(state);
    when(status.getError()).thenReturn(error);
    when(job.getStatus()).thenReturn(status);
    when(job.getJobId()).thenReturn(id);
    TableResult result = mock(TableResult.class);
    when(result.getTotalRows()).thenReturn(ROWS);
    when(job.getQueryResults(any())).thenReturn(result);
    return job;
  }

  /**
   * BigQuery as the service behaves: it remembers every job created (each done at once), finds them
   * by id, and answers a second create of one job id with 409.
   *
   * @param created counts the jobs actually created
   */
  static BigQuery service(AtomicInteger created) throws Exception {
    BigQuery bq = mock(BigQuery.class);
    Map<JobId, Job> jobs = new ConcurrentHashMap<>();
    when(bq.create(any(JobInfo.class)))
        .thenAnswer(
            a -> {
              JobInfo info = a.getArgument(0);
              Job job = job(info.getJobId(), JobStatus.State.DONE, null);
              if (jobs.putIfAbsent(info.getJobId(), job) != null) {
                throw new BigQueryException(409, "Already Exists: Job " + info.getJobId().getJob());
              }
              created.incrementAndGet();
              return job;
            });
    when(bq.getJob(any(JobId.class))).thenAnswer(a -> jobs.get(a.<JobId>getArgument(0)));
    return bq;
  }
}

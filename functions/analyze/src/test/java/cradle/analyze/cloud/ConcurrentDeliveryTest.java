package cradle.analyze.cloud;

import static cradle.analyze.cloud.CloudAnalyze.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.JobInfo;
import com.google.protobuf.ByteString;
import cradle.shared.RetryLaterException;
import cradle.shared.testing.CloudEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Duplicates are harmless: the same message three times at once starts one BigQuery job. */
class ConcurrentDeliveryTest {
  private static final Map<String, String> ENV =
      CloudEnv.with("CRADLE_MAX_EVENT_AGE_SECONDS", "3600");
  private static final String DAY = "{\"run_date\":\"2026-11-24\"}";

  private final AtomicInteger created = new AtomicInteger();

  @Test
  void sameMessageThreeTimesAtOnce_oneQueryJobAndOneExtractJob() throws Exception {
    try (CloudAnalyze analyze = new CloudAnalyze(ENV, FakeBigQuery.service(created))) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> deliveries = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        deliveries.add(
            pool.submit(
                () -> {
                  go.await();
                  analyze.deliver(DAY, "same-id", NOW);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> d : deliveries) {
        d.get();
      }
      pool.shutdown();

      assertEquals(2, created.get(), "one query job and one extract job");
      List<ByteString> handOffs =
          analyze.handOffs().stream().map(r -> r.message().getData()).toList();
      assertEquals(
          3, handOffs.size(), "each delivery hands off; the notebook stage meets ALREADY_EXISTS");
      assertEquals(1, Set.copyOf(handOffs).size(), "the same run each time: " + handOffs);
    }
  }

  private static BigQuery failing(BigQueryException e) {
    BigQuery bq = mock(BigQuery.class);
    when(bq.create(any(JobInfo.class))).thenThrow(e);
    return bq;
  }

  @Test
  void serverErrors_retry_untilTheEventIsTooOld_thenAreDroppedWithAnEvent() throws Exception {
    BigQueryException unavailable = new BigQueryException(503, "Service Unavailable");
    try (CloudAnalyze analyze = new CloudAnalyze(ENV, failing(unavailable))) {
      Exception thrown =
          assertThrows(Exception.class, () -> analyze.deliver(DAY, "m", NOW.minusSeconds(600)));
      analyze.deliver(DAY, "m", NOW.minusSeconds(3601));

      assertEquals(RetryLaterException.class, thrown.getClass());
      assertSame(unavailable, thrown.getCause(), "redelivered for BigQuery's own error");
      assertEquals(List.of("started", "retrying", "started", "dropped"), analyze.events());
    }
  }

  @Test
  void permissionDenied_failsAtOnce_withAFailureEvent() throws Exception {
    try (CloudAnalyze analyze =
        new CloudAnalyze(
            ENV, failing(new BigQueryException(403, "Access Denied: Dataset my-project:cradle")))) {
      analyze.deliver(DAY, "m", NOW);

      assertEquals(List.of("started", "failed"), analyze.events());
      assertEquals(List.of(), analyze.handOffs());
    }
  }
}

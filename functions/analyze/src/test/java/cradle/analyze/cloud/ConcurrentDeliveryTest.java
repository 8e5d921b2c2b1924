package cradle.analyze.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.JobInfo;
import cradle.analyze.AnalyzeFunction;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Duplicates are harmless: the same message three times at once starts one BigQuery job. */
class ConcurrentDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  private static final Map<String, String> ENV =
      CloudEnv.with("CRADLE_MAX_EVENT_AGE_SECONDS", "3600");

  private final AtomicInteger created = new AtomicInteger();

  @Test
  void sameMessageThreeTimesAtOnce_oneQueryJobAndOneExtractJob() throws Exception {
    BigQuery bq = FakeBigQuery.service(created);
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      AnalyzeFunction function =
          new AnalyzeFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new AnalyzeCloudProfile(() -> bq, pubsub.publishers(), ms -> {}));
      ExecutorService pool = Executors.newFixedThreadPool(3);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> deliveries = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        deliveries.add(
            pool.submit(
                () -> {
                  go.await();
                  function.accept(
                      PubSubEvents.withData(
                          "{\"run_date\":\"2026-11-24\"}", Map.of(), "same-id", NOW));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> d : deliveries) {
        d.get();
      }
      pool.shutdown();

      assertEquals(2, created.get(), "one query job and one extract job");
      assertEquals(
          3,
          pubsub.receivedOn("projects/my-project/topics/cradle-notebook").size(),
          "each delivery hands off; the notebook stage meets ALREADY_EXISTS for the later two");
    }
  }

  @Test
  void serverErrors_retry_untilTheEventIsTooOld_thenAreDroppedWithAnEvent() throws Exception {
    BigQuery bq = mock(BigQuery.class);
    when(bq.create(any(JobInfo.class)))
        .thenThrow(new BigQueryException(503, "Service Unavailable"));
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      AnalyzeFunction function =
          new AnalyzeFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new AnalyzeCloudProfile(() -> bq, pubsub.publishers(), ms -> {}));

      assertThrows(
          Exception.class,
          () ->
              function.accept(
                  PubSubEvents.withData(
                      "{\"run_date\":\"2026-11-24\"}", Map.of(), "m", NOW.minusSeconds(600))));
      function.accept(
          PubSubEvents.withData(
              "{\"run_date\":\"2026-11-24\"}", Map.of(), "m", NOW.minusSeconds(3601)));

      assertEquals(
          List.of("started", "retrying", "started", "dropped"),
          pubsub.events("projects/my-project/topics/cradle-events"));
    }
  }

  @Test
  void permissionDenied_failsAtOnce_withAFailureEvent() throws Exception {
    BigQuery bq = mock(BigQuery.class);
    when(bq.create(any(JobInfo.class)))
        .thenThrow(new BigQueryException(403, "Access Denied: Dataset my-project:cradle"));
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      new AnalyzeFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new AnalyzeCloudProfile(() -> bq, pubsub.publishers(), ms -> {}))
          .accept(PubSubEvents.withData("{\"run_date\":\"2026-11-24\"}", Map.of(), "m", NOW));

      assertEquals(
          List.of("started", "failed"), pubsub.events("projects/my-project/topics/cradle-events"));
      assertEquals(0, pubsub.receivedOn("projects/my-project/topics/cradle-notebook").size());
    }
  }
}

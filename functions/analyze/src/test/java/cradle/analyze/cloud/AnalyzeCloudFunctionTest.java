package cradle.analyze.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.JobInfo;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalyzeFunction;
import cradle.shared.RunMessageCodec;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The analyze entry point, cloud profile, clients replaced by doubles, a real Pub/Sub CloudEvent.
 */
class AnalyzeCloudFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  private static final Map<String, String> ENV = CloudEnv.base();

  @Test
  void schedulerMessage_runsBigQuery_andHandsOffToTheNotebookTopic() throws Exception {
    BigQuery bq = FakeBigQuery.service(new AtomicInteger());
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      AnalyzeFunction function =
          new AnalyzeFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new AnalyzeCloudProfile(() -> bq, pubsub.publishers(), ms -> {}));

      function.accept(PubSubEvents.withData("", Map.of(), "scheduler-1", NOW));
      function.accept(PubSubEvents.withData("", Map.of(), "scheduler-1", NOW));

      String runId = RunMessageCodec.deriveRunId(LocalDate.parse("2026-11-25"), "scheduler-1");
      ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
      verify(bq, times(2)).create(created.capture());
      assertEquals(
          "cradle-analyze-" + runId + "-a33cff83a-1",
          created.getAllValues().get(0).getJobId().getJob(),
          "yesterday in Tokyo (2026-11-25), one query job for two deliveries");
      assertEquals(
          "cradle-export-" + runId + "-a33cff83a-1",
          created.getAllValues().get(1).getJobId().getJob());
      List<InProcessPubSub.Received> handOffs =
          pubsub.receivedOn("projects/my-project/topics/cradle-notebook");
      assertEquals(
          2, handOffs.size(), "each delivery hands off; the notebook stage is idempotent too");
      assertEquals(
          List.of("started", "succeeded", "started", "succeeded"),
          pubsub.events("projects/my-project/topics/cradle-events"));
      InProcessPubSub.Received handOff = handOffs.get(0);
      assertEquals("projects/my-project/topics/cradle-notebook", handOff.topic());
      JsonObject body =
          JsonParser.parseString(handOff.message().getData().toStringUtf8()).getAsJsonObject();
      assertEquals(runId, body.get("run_id").getAsString());
      assertEquals(
          "gs://cradle-runs/runs/2026-11-25/" + runId + "/analysis/",
          body.getAsJsonObject("artifacts").get("analysis").getAsString());
    }
  }

  /**
   * A replay of analyze for the same run (a new message, say after the SQL changed) is a new query
   * job, not the first delivery's finished one.
   */
  @Test
  void aReplayOfTheSameRun_runsANewQueryJob() throws Exception {
    BigQuery bq = FakeBigQuery.service(new AtomicInteger());
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      AnalyzeFunction function =
          new AnalyzeFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new AnalyzeCloudProfile(() -> bq, pubsub.publishers(), ms -> {}));
      String body = "{\"run_id\":\"r-1\",\"run_date\":\"2026-11-25\"}";

      function.accept(PubSubEvents.withData(body, Map.of(), "scheduler-1", NOW));
      function.accept(PubSubEvents.withData(body, Map.of(), "replay-1", NOW));

      ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
      verify(bq, times(4)).create(created.capture());
      assertEquals(
          List.of(
              "cradle-analyze-r-1-a33cff83a-1",
              "cradle-export-r-1-a33cff83a-1",
              "cradle-analyze-r-1-a23302a03-1",
              "cradle-export-r-1-a23302a03-1"),
          created.getAllValues().stream().map(j -> j.getJobId().getJob()).toList());
    }
  }

  @Test
  void deployedConstructor_findsTheCloudProfile_withoutTouchingTheNetwork() {
    new AnalyzeFunction(ENV, Clock.systemUTC());
  }
}

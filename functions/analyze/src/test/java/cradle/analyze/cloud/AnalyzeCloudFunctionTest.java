package cradle.analyze.cloud;

import static cradle.analyze.cloud.CloudAnalyze.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.ExtractJobConfiguration;
import com.google.cloud.bigquery.JobInfo;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalyzeFunction;
import cradle.shared.RunEvent;
import cradle.shared.RunMessageCodec;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.InProcessPubSub;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The analyze entry point, cloud profile, clients replaced by doubles, a real Pub/Sub CloudEvent.
 */
class AnalyzeCloudFunctionTest {
  private static final Map<String, String> ENV = CloudEnv.base();

  private final BigQuery bq = FakeBigQuery.service(new AtomicInteger());

  AnalyzeCloudFunctionTest() throws Exception {}

  private List<String> jobsCreated(int count) {
    return created(count).stream().map(j -> j.getJobId().getJob()).toList();
  }

  /** Where the extract jobs among the {@code count} jobs created write their rows. */
  private List<String> exportsTo(int count) {
    return created(count).stream()
        .map(JobInfo::getConfiguration)
        .filter(ExtractJobConfiguration.class::isInstance)
        .flatMap(c -> ((ExtractJobConfiguration) c).getDestinationUris().stream())
        .toList();
  }

  private static Map<String, Long> longs(Map<String, Object> counts) {
    Map<String, Long> longs = new TreeMap<>();
    counts.forEach((name, n) -> longs.put(name, ((Number) n).longValue()));
    return longs;
  }

  private List<JobInfo> created(int count) {
    ArgumentCaptor<JobInfo> created = ArgumentCaptor.forClass(JobInfo.class);
    verify(bq, times(count)).create(created.capture());
    return created.getAllValues();
  }

  @Test
  void schedulerMessage_runsBigQuery_andHandsOffToTheNotebookTopic() throws Exception {
    try (CloudAnalyze analyze = new CloudAnalyze(ENV, bq)) {
      analyze.deliver("", "scheduler-1", NOW);
      analyze.deliver("", "scheduler-1", NOW);

      String runId = RunMessageCodec.deriveRunId(LocalDate.parse("2026-11-25"), "scheduler-1");
      assertEquals(
          List.of(
              "cradle-analyze-" + runId + "-a33cff83a-1",
              "cradle-export-" + runId + "-a33cff83a-1"),
          jobsCreated(2),
          "yesterday in Tokyo (2026-11-25), one query job for two deliveries");
      List<InProcessPubSub.Received> handOffs = analyze.handOffs();
      assertEquals(
          2, handOffs.size(), "each delivery hands off; the notebook stage is idempotent too");
      assertEquals(List.of("started", "succeeded", "started", "succeeded"), analyze.events());
      List<RunEvent> ends =
          analyze.pubsub.receivedOn(CloudAnalyze.EVENTS_TOPIC).stream()
              .map(e -> RunEvent.fromJson(e.message().getData().toStringUtf8()))
              .filter(e -> e.event() == RunEvent.Kind.SUCCEEDED)
              .toList();
      assertEquals(Map.of("rows", FakeBigQuery.ROWS, "reused", 0L), longs(ends.get(0).counts()));
      assertEquals(null, ends.get(0).reason());
      assertEquals(Map.of("rows", FakeBigQuery.ROWS, "reused", 1L), longs(ends.get(1).counts()));
      assertEquals("duplicate delivery: went on with attempt a33cff83a", ends.get(1).reason());
      JsonObject body =
          JsonParser.parseString(handOffs.get(0).message().getData().toStringUtf8())
              .getAsJsonObject();
      assertEquals(runId, body.get("run_id").getAsString());
      assertEquals("2026-11-25", body.get("run_date").getAsString());
      assertEquals("notebook", body.get("stage").getAsString());
      String attempt = "gs://cradle-runs/runs/2026-11-25/" + runId + "/analysis/a33cff83a/";
      assertEquals(List.of(attempt + "rows-*.jsonl"), exportsTo(2));
      JsonObject artifacts = new JsonObject();
      artifacts.addProperty("analysis", attempt);
      assertEquals(artifacts, body.getAsJsonObject("artifacts"));
      assertEquals(
          "{\"job\":\"cradle-analyze-"
              + runId
              + "-a33cff83a\",\"rows\":"
              + FakeBigQuery.ROWS
              + ",\"completed\":\"2026-11-25T22:00:00Z\"}",
          analyze.gcs.text(attempt + "completed.json"),
          "analyze records that the attempt's export is complete, for a replay of the notebook");
      // the request travels on: the notebook stage takes both hand-offs as one attempt
      assertEquals("a33cff83a", body.get("request").getAsString());
      assertEquals(handOffs.get(0).message().getData(), handOffs.get(1).message().getData());
    }
  }

  /**
   * A replay of analyze for the same run (a new message, say after the SQL changed) is a new query
   * job, not the first delivery's finished one.
   */
  @Test
  void aReplayOfTheSameRun_runsANewQueryJob() throws Exception {
    try (CloudAnalyze analyze = new CloudAnalyze(ENV, bq)) {
      String body = "{\"run_id\":\"r-1\",\"run_date\":\"2026-11-25\"}";

      analyze.deliver(body, "scheduler-1", NOW);
      analyze.deliver(body, "replay-1", NOW);

      assertEquals(
          List.of(
              "cradle-analyze-r-1-a33cff83a-1",
              "cradle-export-r-1-a33cff83a-1",
              "cradle-analyze-r-1-a23302a03-1",
              "cradle-export-r-1-a23302a03-1"),
          jobsCreated(4));
      String run = "gs://cradle-runs/runs/2026-11-25/r-1/analysis/";
      assertEquals(
          List.of(run + "a33cff83a/rows-*.jsonl", run + "a23302a03/rows-*.jsonl"),
          exportsTo(4),
          "the replay exports beside the first attempt's rows, not over them");
      assertEquals(
          List.of(run + "a23302a03/completed.json", run + "a33cff83a/completed.json"),
          analyze.gcs.uris());
      assertEquals(
          List.of("a33cff83a", "a23302a03"),
          analyze.handOffs().stream()
              .map(
                  h ->
                      JsonParser.parseString(h.message().getData().toStringUtf8())
                          .getAsJsonObject()
                          .get("request")
                          .getAsString())
              .toList(),
          "a replay is a new request for the notebook stage too");
    }
  }

  @Test
  void deployedConstructor_findsTheCloudProfile_withoutTouchingTheNetwork() {
    AnalyzeFunction.ENTRY.instance(ENV, Clock.systemUTC());
  }
}

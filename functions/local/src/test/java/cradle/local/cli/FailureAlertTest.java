package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.Timestamp;
import cradle.await.AwaitFunction;
import cradle.local.terraform.HclFiles;
import cradle.notebook.cloud.NotebookCloudProfile;
import cradle.shared.PubSubMessage;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The failure alert (terraform/monitoring.tf) against the line a real entry point logs when a run
 * fails: every label the alert extracts is a field of that line, its notification shows each one,
 * and the replay command in the line is one the real command line runs, asking the right stage to
 * run that run again.
 */
class FailureAlertTest {
  private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  private static final String JOB =
      "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc-a76f768bd";

  /** The ERROR line of a cloud await that finds its notebook job failed. */
  private static Map<String, Object> failureLine() throws Exception {
    NotebookServiceClient vertex = mock(NotebookServiceClient.class);
    when(vertex.getNotebookExecutionJob(JOB))
        .thenReturn(
            NotebookExecutionJob.newBuilder()
                .setName(JOB)
                .setJobState(JobState.JOB_STATE_FAILED)
                .setGcsOutputUri(
                    "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/output")
                .setCreateTime(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 600))
                .setStatus(com.google.rpc.Status.newBuilder().setMessage("KeyError: 'sleep_min'"))
                .build());
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.NOTEBOOK)
            .handOff(Stage.AWAIT, Map.of("execution", JOB));
    try (InProcessPubSub pubsub = new InProcessPubSub();
        LogCapture logs = new LogCapture()) {
      AwaitFunction.ENTRY
          .instance(
              CloudEnv.notebookStages("CRADLE_AWAIT_DEADLINE_MINUTES", "60"),
              Clock.fixed(NOW, ZoneOffset.UTC),
              new NotebookCloudProfile(
                  s -> () -> vertex, new FakeGcs()::storage, pubsub.publishers()))
          .accept(PubSubEvents.of(message, "m-1", NOW.minusSeconds(30)));
      assertEquals(1, logs.errors().size(), "one ERROR line");
      return logs.fields(logs.errors().get(0));
    }
  }

  private static JsonObject terraform;

  private static synchronized JsonObject terraform() throws Exception {
    if (terraform == null) {
      terraform = HclFiles.parse(Path.of("../../terraform"));
    }
    return terraform;
  }

  private static JsonObject alert() throws Exception {
    return terraform()
        .getAsJsonObject("resource")
        .getAsJsonObject("google_monitoring_alert_policy")
        .getAsJsonArray("run_failed")
        .get(0)
        .getAsJsonObject();
  }

  private static List<String> alertFields() throws Exception {
    for (JsonElement block : HclFiles.parse(Path.of("../../terraform")).getAsJsonArray("locals")) {
      if (block.getAsJsonObject().has("run_failure_fields")) {
        List<String> fields = new ArrayList<>();
        block
            .getAsJsonObject()
            .getAsJsonArray("run_failure_fields")
            .forEach(f -> fields.add(f.getAsString()));
        return fields;
      }
    }
    throw new AssertionError("monitoring.tf has no local run_failure_fields");
  }

  @Test
  void theAlertsLabels_areFieldsOfTheFailureLine_andItsNotificationShowsEach() throws Exception {
    Map<String, Object> line = failureLine();
    List<String> fields = alertFields();
    JsonObject policy = alert();
    String extractors =
        policy
            .getAsJsonArray("conditions")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("condition_matched_log")
            .get(0)
            .getAsJsonObject()
            .get("label_extractors")
            .getAsString();
    JsonObject documentation = policy.getAsJsonArray("documentation").get(0).getAsJsonObject();
    String shown =
        documentation.get("subject").getAsString() + documentation.get("content").getAsString();

    assertEquals(
        new TreeSet<>(List.of("run_id", "run_date", "stage", "outcome", "reason", "replay")),
        new TreeSet<>(fields));
    assertTrue(extractors.contains("EXTRACT(jsonPayload.${f})"), extractors);
    for (String f : fields) {
      assertTrue(line.get(f) instanceof String s && !s.isBlank(), f + " in " + line);
      assertTrue(shown.contains("{log.extracted_label." + f + "}"), f + " shown: " + shown);
    }
    assertEquals("2026-11-25-abc", line.get("run_id"));
    assertEquals("2026-11-25", line.get("run_date"));
    assertEquals("await", line.get("stage"));
    assertEquals("failed", line.get(StageFunction.OUTCOME));
    assertTrue(
        ((String) line.get(StageFunction.REASON)).contains("KeyError: 'sleep_min'"),
        line.toString());
  }

  @Test
  void theReplayCommandInTheLine_runsTheFailedNotebookAgainThroughTheRealCommandLine()
      throws Exception {
    String replay = (String) failureLine().get(StageFunction.REPLAY);

    assertEquals(
        "./cradle replay --project my-project --stage notebook --date 2026-11-25 --run-id"
            + " 2026-11-25-abc",
        replay);
    assertTrue(replay.startsWith("./cradle "), replay);
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      // a replay of one stage neither reads the runs table nor waits
      CloudClients cloud = new CloudClients(pubsub.publishers(), null, Clock.systemUTC(), null);
      int code = CradleCli.execute(cloud, replay.substring("./cradle ".length()).split(" "));

      assertEquals(0, code);
      assertEquals(1, pubsub.received().size());
      assertEquals("projects/my-project/topics/cradle-notebook", pubsub.received().get(0).topic());
      var sent = pubsub.received().get(0).message();
      RunMessage decoded =
          new RunMessageCodec(Clock.systemUTC(), ZoneId.of("Asia/Tokyo"), 36_500, "gs://x")
              .decode(
                  new PubSubMessage(
                      "r-1", null, sent.getAttributesMap(), sent.getData().toByteArray()),
                  Stage.NOTEBOOK);
      assertEquals("2026-11-25-abc", decoded.runId());
      assertEquals(LocalDate.parse("2026-11-25"), decoded.runDate());
    }
  }
}

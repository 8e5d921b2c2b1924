package cradle.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Timestamp;
import cradle.notebook.cloud.NotebookCloudProfile;
import cradle.shared.PubSubMessage;
import cradle.shared.RetryLaterException;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The await entry point, cloud profile: each delivery checks the Vertex AI job once. */
class AwaitCloudFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  private static final Map<String, String> ENV =
      CloudEnv.notebookStages("CRADLE_AWAIT_DEADLINE_MINUTES", "60");
  private static final String NAME =
      "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc-a76f768bd";
  private static final String OUTPUT =
      "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/output/cradle-notebook-2026-11-25-abc-a76f768bd/input.ipynb";
  private static final String RUNS = CloudEnv.ARTIFACTS_URI;
  private static final String REPORT =
      RUNS + "/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/report/";

  /** What the notebook stage hands off for its attempt a76f768bd. */
  private static final RunMessage MESSAGE =
      RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.NOTEBOOK)
          .withRequest("a76f768bd")
          .handOff(Stage.AWAIT, Map.of("execution", NAME, "report", REPORT));

  private static final String FAILED = "stage failed, not retried: ";
  private static final String CONSOLE =
      "https://console.cloud.google.com/vertex-ai/colab/execution-jobs?project=my-project";
  private static final String PUBLISH_TOPIC = "projects/my-project/topics/cradle-publish";
  private static final String EVENTS_TOPIC = "projects/my-project/topics/cradle-events";
  private final FakeGcs gcs = new FakeGcs();
  private final NotebookServiceClient vertex = mock(NotebookServiceClient.class);
  private InProcessPubSub pubsub;

  @BeforeEach
  void setUp() throws Exception {
    pubsub = new InProcessPubSub();
  }

  private void jobIs(JobState state, Instant created, String message) {
    when(vertex.getNotebookExecutionJob(NAME))
        .thenReturn(
            NotebookExecutionJob.newBuilder()
                .setName(NAME)
                .setJobState(state)
                .setGcsNotebookSource(
                    NotebookExecutionJob.GcsNotebookSource.newBuilder()
                        .setUri(
                            "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/input.ipynb"))
                .setGcsOutputUri(
                    "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/output")
                .setCreateTime(Timestamp.newBuilder().setSeconds(created.getEpochSecond()))
                .setStatus(com.google.rpc.Status.newBuilder().setMessage(message))
                .build());
  }

  private void deliver() throws Exception {
    AwaitFunction.ENTRY
        .instance(
            ENV,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new NotebookCloudProfile(s -> () -> vertex, gcs::storage, pubsub.publishers()))
        .accept(PubSubEvents.of(MESSAGE, "m-1", NOW.minusSeconds(30)));
  }

  /**
   * Delivers once, expecting the run to fail for good: nothing handed off, the run events "started"
   * and "failed", one error logged; returns that error's message.
   */
  private String failure() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      deliver();

      assertEquals(List.of(), pubsub.receivedOn(PUBLISH_TOPIC));
      assertEquals(List.of("started", "failed"), pubsub.events(EVENTS_TOPIC));
      assertEquals(1, logs.errors().size());
      assertEquals("failed", logs.fields(logs.errors().get(0)).get(StageFunction.OUTCOME));
      return logs.errors().get(0).getMessage();
    }
  }

  @Test
  void succeeded_handsOffToPublish() throws Exception {
    jobIs(JobState.JOB_STATE_SUCCEEDED, NOW.minusSeconds(600), "");
    gcs.put(
        OUTPUT,
        "{\"cells\":[{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"stream\"}]}]}");

    deliver();

    List<InProcessPubSub.Received> handOffs = pubsub.receivedOn(PUBLISH_TOPIC);
    assertEquals(1, handOffs.size());
    RunMessage published =
        new RunMessageCodec(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Tokyo"), 400, RUNS)
            .decode(
                new PubSubMessage(
                    "m-2", NOW, Map.of(), handOffs.get(0).message().getData().toByteArray()),
                Stage.PUBLISH);
    assertEquals(
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.PUBLISH)
            .withArtifacts(Map.of("execution", NAME, "report", REPORT))
            .withRequest("a76f768bd"),
        published);
    assertEquals(List.of("started", "succeeded"), pubsub.events(EVENTS_TOPIC));
    // the confirmation a replay of publish reads: this attempt, its execution started 600 s ago
    JsonObject confirmed =
        JsonParser.parseString(gcs.text(REPORT + "confirmed.json")).getAsJsonObject();
    assertEquals(NAME, confirmed.get("execution").getAsString());
    assertEquals(NOW.minusSeconds(600).toString(), confirmed.get("started").getAsString());
    assertEquals(NOW.toString(), confirmed.get("confirmed_at").getAsString());
  }

  @Test
  void running_throwsSoPubSubRedeliversLater() {
    jobIs(JobState.JOB_STATE_RUNNING, NOW.minusSeconds(600), "");

    RetryLaterException e = assertThrows(RetryLaterException.class, this::deliver);
    assertEquals("notebook execution " + NAME + " is running", e.getMessage());
    assertEquals(List.of(), pubsub.receivedOn(PUBLISH_TOPIC));
    assertEquals(List.of("started", "retrying"), pubsub.events(EVENTS_TOPIC));
  }

  @Test
  void runningPastTheDeadline_failsTheRunInsteadOfPollingForever() throws Exception {
    jobIs(JobState.JOB_STATE_RUNNING, NOW.minusSeconds(61 * 60), "");

    assertEquals(
        FAILED
            + "notebook execution "
            + NAME
            + " still running 61 min after it started, past the 60 min deadline ("
            + CONSOLE
            + ")",
        failure());
  }

  @Test
  void failedJob_isReportedWithItsErrorAndLink_notRetried() throws Exception {
    jobIs(JobState.JOB_STATE_FAILED, NOW.minusSeconds(600), "KeyError: 'sleep_min'");

    assertEquals(
        FAILED + "notebook execution " + NAME + " failed: KeyError: 'sleep_min' (" + CONSOLE + ")",
        failure());
  }

  @Test
  void succeededWithAnErrorInItsOutput_countsAsFailure() throws Exception {
    jobIs(JobState.JOB_STATE_SUCCEEDED, NOW.minusSeconds(600), "");
    gcs.put(
        OUTPUT,
        "{\"cells\":[{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"error\","
            + "\"ename\":\"ValueError\",\"evalue\":\"no rows\",\"traceback\":[]}]}]}");

    assertEquals(
        FAILED
            + "notebook execution "
            + NAME
            + " succeeded but its output has an error: cell 1: ValueError: no rows",
        failure());
  }

  @Test
  void partiallySucceeded_failsTheRunAtOnce_withWhatVertexSaid_notAfterTheDeadline()
      throws Exception {
    jobIs(JobState.JOB_STATE_PARTIALLY_SUCCEEDED, NOW.minusSeconds(600), "1 of 2 tasks failed");

    assertEquals(
        FAILED
            + "notebook execution "
            + NAME
            + " failed: Vertex AI reports JOB_STATE_PARTIALLY_SUCCEEDED; a notebook run must"
            + " succeed whole, so its report is not published: 1 of 2 tasks failed ("
            + CONSOLE
            + ")",
        failure());
  }

  @Test
  void unspecifiedState_failsTheRunAtOnce_namingTheState() throws Exception {
    jobIs(JobState.JOB_STATE_UNSPECIFIED, NOW.minusSeconds(60), "");

    assertEquals(
        FAILED
            + "notebook execution "
            + NAME
            + " failed: Vertex AI reports no job state Cradle knows (JOB_STATE_UNSPECIFIED); look"
            + " at the job before re-running the notebook stage ("
            + CONSOLE
            + ")",
        failure());
  }

  @Test
  void aJobThatNeverStarted_failsWithItsCreateOperationsError() throws Exception {
    when(vertex.getNotebookExecutionJob(NAME))
        .thenThrow(
            new com.google.api.gax.rpc.NotFoundException(
                new RuntimeException("not found"),
                com.google.api.gax.grpc.GrpcStatusCode.of(io.grpc.Status.Code.NOT_FOUND),
                false));
    com.google.longrunning.OperationsClient operations =
        mock(com.google.longrunning.OperationsClient.class);
    com.google.longrunning.OperationsClient.ListOperationsPagedResponse page =
        mock(com.google.longrunning.OperationsClient.ListOperationsPagedResponse.class);
    when(page.iterateAll())
        .thenReturn(
            List.of(
                com.google.longrunning.Operation.newBuilder()
                    .setName(NAME + "/operations/9")
                    .setDone(true)
                    .setError(
                        com.google.rpc.Status.newBuilder()
                            .setCode(io.grpc.Status.Code.PERMISSION_DENIED.value())
                            .setMessage("notebookRuntimeTemplates.apply denied"))
                    .build()));
    when(operations.listOperations(NAME + "/operations", "")).thenReturn(page);
    when(vertex.getOperationsClient()).thenReturn(operations);

    assertEquals(
        FAILED
            + "notebook job "
            + NAME
            + " did not start: PERMISSION_DENIED: notebookRuntimeTemplates.apply denied (operation "
            + NAME
            + "/operations/9)",
        failure());
  }
}

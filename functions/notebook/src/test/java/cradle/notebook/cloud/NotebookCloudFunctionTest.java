package cradle.notebook.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookExecutionJobName;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.longrunning.Operation;
import cradle.notebook.NotebookFunction;
import cradle.shared.PubSubMessage;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The notebook entry point, cloud profile: Cloud Storage and Vertex AI doubles, real Pub/Sub
 * client.
 */
class NotebookCloudFunctionTest {
  static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  static final Map<String, String> ENV = CloudEnv.notebookStages();

  private final FakeGcs gcs = new FakeGcs();
  private final NotebookServiceClient vertex = mock(NotebookServiceClient.class);

  @SuppressWarnings("unchecked")
  private final UnaryCallable<CreateNotebookExecutionJobRequest, Operation> create =
      mock(UnaryCallable.class);

  /** The notebook function over {@link #gcs} and {@link #vertex}, handing off to {@code pubsub}. */
  private StageFunction function(InProcessPubSub pubsub) {
    return NotebookFunction.ENTRY.instance(
        ENV,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new NotebookCloudProfile(s -> () -> vertex, gcs::storage, pubsub.publishers()));
  }

  /**
   * {@link #vertex} answers as Vertex AI does for user-chosen job ids: get() finds a job once it is
   * created and answers NOT_FOUND before; a create of an id that exists meets ALREADY_EXISTS.
   * Returns the ids created.
   */
  private Set<String> vertexKeepsJobs() {
    Set<String> jobs = new HashSet<>();
    when(vertex.getNotebookExecutionJob(anyString()))
        .thenAnswer(
            call -> {
              String name = call.getArgument(0);
              if (!jobs.contains(NotebookExecutionJobName.parse(name).getNotebookExecutionJob())) {
                throw new NotFoundException(
                    new RuntimeException(name + " not found"),
                    GrpcStatusCode.of(io.grpc.Status.Code.NOT_FOUND),
                    false);
              }
              return NotebookExecutionJob.newBuilder()
                  .setName(name)
                  .setJobState(JobState.JOB_STATE_RUNNING)
                  .build();
            });
    when(vertex.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any()))
        .thenAnswer(
            call -> {
              CreateNotebookExecutionJobRequest r = call.getArgument(0);
              if (!jobs.add(r.getNotebookExecutionJobId())) {
                throw new AlreadyExistsException(
                    new RuntimeException(r.getNotebookExecutionJobId() + " exists"),
                    GrpcStatusCode.of(io.grpc.Status.Code.ALREADY_EXISTS),
                    false);
              }
              return Operation.getDefaultInstance();
            });
    return jobs;
  }

  /** The names get() was asked for, in order. */
  private List<String> looked() {
    ArgumentCaptor<String> names = ArgumentCaptor.forClass(String.class);
    verify(vertex, org.mockito.Mockito.atLeast(0)).getNotebookExecutionJob(names.capture());
    return names.getAllValues();
  }

  @Test
  void analysisHandOff_storesTheParameterisedCopy_startsTheJob_andHandsOffToAwait()
      throws Exception {
    putTemplate(gcs);
    vertexKeepsJobs();
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE)
            .handOff(
                Stage.NOTEBOOK,
                Map.of("analysis", "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/analysis/"));

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      function(pubsub).accept(PubSubEvents.of(message, "m-7", NOW));

      String copy =
          gcs.text(
              "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/input.ipynb");
      assertTrue(
          copy.contains(
              "input_uri = \\\"gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/analysis/\\\""),
          copy);
      assertTrue(
          copy.contains(
              "output_uri ="
                  + " \\\"gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/report/report.jsonl\\\""),
          copy);
      ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
          ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
      verify(create).call(sent.capture());
      assertEquals(
          "cradle-notebook-2026-11-25-abc-a76f768bd", sent.getValue().getNotebookExecutionJobId());
      var handOffs = pubsub.receivedOn("projects/my-project/topics/cradle-await");
      assertEquals(1, handOffs.size());
      JsonObject body =
          JsonParser.parseString(handOffs.get(0).message().getData().toStringUtf8())
              .getAsJsonObject();
      assertEquals(
          "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc-a76f768bd",
          body.getAsJsonObject("artifacts").get("execution").getAsString());
      assertEquals(
          "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/a76f768bd/report/",
          body.getAsJsonObject("artifacts").get("report").getAsString());
    }
  }

  /**
   * Analyze's message delivered twice hands off twice: two Pub/Sub messages with their own ids but
   * one request, which is one attempt, so Vertex AI gets one job (the second delivery finds it by
   * its name and asks for no other) and both hand-offs to await name it. A replay of the notebook
   * stage, or of analyze, is a new request: a second job, with a new id.
   */
  @Test
  void analyzeDeliveredTwice_oneJob_aReplay_aSecondJobWithANewId() throws Exception {
    gcs.put("gs://cradle-runs/notebooks/cradle_report.ipynb", TEMPLATE_V1);
    Set<String> jobs = vertexKeepsJobs();
    analyzed("a0000001", "2026-11-25T21:00:00Z");
    RunMessage run =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE);
    // what analyze hands off for its message "analyze-1", on each of its deliveries
    RunMessage handOff =
        run.withRequest(RunLayout.attemptOf("analyze-1")).handOff(Stage.NOTEBOOK, Map.of());
    String jobPrefix =
        "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/"
            + "cradle-notebook-2026-11-25-abc-";

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      StageFunction function = function(pubsub);
      function.accept(PubSubEvents.of(handOff, "hand-off-1", NOW));
      function.accept(PubSubEvents.of(handOff, "hand-off-2", NOW));
      assertEquals(
          Set.of("cradle-notebook-2026-11-25-abc-" + RunLayout.attemptOf("analyze-1")), jobs);
      assertEquals(
          List.of("started", "succeeded", "started", "succeeded"),
          pubsub.events("projects/my-project/topics/cradle-events"));

      // ./cradle replay --stage notebook: a message of its own, no request
      function.accept(PubSubEvents.of(run.handOff(Stage.NOTEBOOK, Map.of()), "replay-1", NOW));
      // a replay of analyze (message "analyze-2") hands off a request of its own
      function.accept(
          PubSubEvents.of(
              run.withRequest(RunLayout.attemptOf("analyze-2")).handOff(Stage.NOTEBOOK, Map.of()),
              "hand-off-3",
              NOW));

      // each delivery looks first; only the three requests' first deliveries create
      List<String> jobOfEachDelivery =
          List.of(
              jobPrefix + RunLayout.attemptOf("analyze-1"),
              jobPrefix + RunLayout.attemptOf("analyze-1"),
              jobPrefix + RunLayout.attemptOf("replay-1"),
              jobPrefix + RunLayout.attemptOf("analyze-2"));
      assertEquals(jobOfEachDelivery, looked());
      ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
          ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
      verify(create, times(3)).call(sent.capture());
      List<String> ids =
          sent.getAllValues().stream().map(r -> r.getNotebookExecutionJobId()).toList();
      assertEquals(
          List.of(
              "cradle-notebook-2026-11-25-abc-" + RunLayout.attemptOf("analyze-1"),
              "cradle-notebook-2026-11-25-abc-" + RunLayout.attemptOf("replay-1"),
              "cradle-notebook-2026-11-25-abc-" + RunLayout.attemptOf("analyze-2")),
          ids);
      assertEquals(3, jobs.size());
      List<String> executions = new ArrayList<>();
      List<String> reports = new ArrayList<>();
      for (var h : pubsub.receivedOn("projects/my-project/topics/cradle-await")) {
        JsonObject artifacts =
            JsonParser.parseString(h.message().getData().toStringUtf8())
                .getAsJsonObject()
                .getAsJsonObject("artifacts");
        executions.add(artifacts.get("execution").getAsString());
        reports.add(artifacts.get("report").getAsString());
      }
      assertEquals(jobOfEachDelivery, executions);
      String notebooks = "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/";
      assertEquals(
          List.of(
              notebooks + RunLayout.attemptOf("analyze-1") + "/report/",
              notebooks + RunLayout.attemptOf("analyze-1") + "/report/",
              notebooks + RunLayout.attemptOf("replay-1") + "/report/",
              notebooks + RunLayout.attemptOf("analyze-2") + "/report/"),
          reports);
    }
  }

  /**
   * A replay of the notebook stage names no analysis: it reads the run's attempt at analyze that
   * completed last (not the last by name), and hands that analysis on with the report.
   */
  @Test
  void aReplayNamingNoAnalysis_readsTheAnalysisCompletedLast() throws Exception {
    putTemplate(gcs);
    vertexKeepsJobs();
    analyzed("affffff1", "2026-11-25T21:00:00Z");
    String latest = analyzed("a0000002", "2026-11-25T21:30:00Z");
    RunMessage replay =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.NOTEBOOK);

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      function(pubsub).accept(PubSubEvents.of(replay, "replay-1", NOW));

      String attempt = RunLayout.attemptOf("replay-1");
      String copy = gcs.text(RUN + "notebook/" + attempt + "/input.ipynb");
      assertTrue(copy.contains("input_uri = \\\"" + latest + "\\\""), copy);
      JsonObject artifacts =
          JsonParser.parseString(
                  pubsub
                      .receivedOn("projects/my-project/topics/cradle-await")
                      .get(0)
                      .message()
                      .getData()
                      .toStringUtf8())
              .getAsJsonObject()
              .getAsJsonObject("artifacts");
      assertEquals(latest, artifacts.get("analysis").getAsString());
    }
  }

  /**
   * With no completed analysis (analyze never finished for this run) a replay of the notebook stage
   * fails at once, saying what to do, and starts no job; a run made before analyses were per
   * attempt still reads its rows from {@code analysis/}.
   */
  @Test
  void aReplayWithNoCompletedAnalysis_failsWithoutAJob_anOlderRunReadsItsRows() throws Exception {
    putTemplate(gcs);
    vertexKeepsJobs();
    // an attempt whose export never completed: rows, but no record
    gcs.put(RUN + "analysis/a0000003/rows-000.jsonl", "{}");
    RunMessage replay =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.NOTEBOOK);

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      StageFunction function = function(pubsub);
      function.accept(PubSubEvents.of(replay, "replay-1", NOW));

      assertEquals(
          List.of("started", "failed"), pubsub.events("projects/my-project/topics/cradle-events"));
      JsonObject failed =
          JsonParser.parseString(
                  pubsub
                      .receivedOn("projects/my-project/topics/cradle-events")
                      .get(1)
                      .message()
                      .getData()
                      .toStringUtf8())
              .getAsJsonObject();
      assertEquals(
          "run 2026-11-25-abc of 2026-11-25 has no completed analysis to read; replay analyze for"
              + " it",
          failed.get("reason").getAsString());
      verify(create, times(0)).call(any());

      gcs.put(RUN + "analysis/rows-000.jsonl", "{}");
      function.accept(PubSubEvents.of(replay, "replay-2", NOW));
      String copy = gcs.text(RUN + "notebook/" + RunLayout.attemptOf("replay-2") + "/input.ipynb");
      assertTrue(copy.contains("input_uri = \\\"" + RUN + "analysis/\\\""), copy);
      verify(create, times(1)).call(any());
    }
  }

  private static final String RUN = "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/";

  /** Analyze's record that one of its attempts at run 2026-11-25-abc completed; its folder. */
  private String analyzed(String attempt, String completed) {
    String folder = RUN + "analysis/" + attempt + "/";
    gcs.put(
        folder + "completed.json",
        "{\"job\":\"cradle-analyze-2026-11-25-abc-"
            + attempt
            + "\",\"rows\":20,\"completed\":\""
            + completed
            + "\"}");
    return folder;
  }

  private static void putTemplate(FakeGcs gcs) throws Exception {
    try (InputStream template =
        NotebookFunction.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      gcs.put(
          "gs://cradle-runs/notebooks/cradle_report.ipynb",
          new String(template.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * A run id near its 63 characters makes a job id past Vertex AI's 63, which is shortened: the
   * await stage must still take the hand-off as this run's execution (it once refused it).
   */
  @Test
  void aLongRunId_shortenedJobId_handOffPassesAwaitsConfinement() throws Exception {
    putTemplate(gcs);
    vertexKeepsJobs();
    String runId = ("2026-11-25-backfill-of-november-" + "x".repeat(40)).substring(0, 63);
    String analysis = "gs://cradle-runs/runs/2026-11-25/" + runId + "/analysis/";
    RunMessage message =
        RunMessage.start(runId, LocalDate.parse("2026-11-25"), Stage.ANALYZE)
            .handOff(Stage.NOTEBOOK, Map.of("analysis", analysis));

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      function(pubsub).accept(PubSubEvents.of(message, "m-7", NOW));

      var handOff = pubsub.receivedOn("projects/my-project/topics/cradle-await").get(0).message();
      RunMessage toAwait =
          new RunMessageCodec(
                  Clock.fixed(NOW, ZoneOffset.UTC),
                  ZoneId.of("Asia/Tokyo"),
                  36_500,
                  CloudEnv.ARTIFACTS_URI)
              .decode(
                  new PubSubMessage(
                      "m-8", NOW, handOff.getAttributesMap(), handOff.getData().toByteArray()),
                  Stage.AWAIT);
      String jobId =
          toAwait
              .artifact("execution")
              .substring(toAwait.artifact("execution").lastIndexOf('/') + 1);
      assertEquals(63, jobId.length(), jobId);
      assertFalse(jobId.startsWith("cradle-notebook-" + runId), jobId);
    }
  }

  /**
   * A redelivery of one request finds its job and goes on with it; a new request for the same run
   * (a re-run after a failure or a changed notebook) creates a new job whose input and output sit
   * beside the first attempt's.
   */
  @Test
  void aRedelivery_goesOnWithItsJob_aReRun_isANewJobBesideTheOld() throws Exception {
    gcs.put("gs://cradle-runs/notebooks/cradle_report.ipynb", TEMPLATE_V1);
    vertexKeepsJobs();
    analyzed("a0000001", "2026-11-25T21:00:00Z");
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE)
            .handOff(Stage.NOTEBOOK, Map.of());
    String run = "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/";

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      StageFunction function = function(pubsub);
      function.accept(PubSubEvents.of(message, "m-7", NOW));
      function.accept(PubSubEvents.of(message, "m-7", NOW));
      gcs.put("gs://cradle-runs/notebooks/cradle_report.ipynb", TEMPLATE_V2);
      function.accept(PubSubEvents.of(message, "m-8", NOW));

      ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
          ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
      String jobs = "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/";
      assertEquals(
          List.of(
              jobs + "cradle-notebook-2026-11-25-abc-a76f768bd",
              jobs + "cradle-notebook-2026-11-25-abc-a76f768bd",
              jobs + "cradle-notebook-2026-11-25-abc-a0cdd0632"),
          looked());
      verify(create, times(2)).call(sent.capture());
      List<CreateNotebookExecutionJobRequest> requests = sent.getAllValues();
      assertEquals(
          List.of(
              "cradle-notebook-2026-11-25-abc-a76f768bd",
              "cradle-notebook-2026-11-25-abc-a0cdd0632"),
          requests.stream().map(r -> r.getNotebookExecutionJobId()).toList());
      assertEquals(
          run + "notebook/a0cdd0632/input.ipynb",
          requests.get(1).getNotebookExecutionJob().getGcsNotebookSource().getUri());
      assertEquals(
          run + "notebook/a0cdd0632/output",
          requests.get(1).getNotebookExecutionJob().getGcsOutputUri());
      assertTrue(gcs.text(run + "notebook/a76f768bd/input.ipynb").contains("version one"));
      assertTrue(gcs.text(run + "notebook/a0cdd0632/input.ipynb").contains("version two"));
      List<String> executions = new ArrayList<>();
      for (var handOff : pubsub.receivedOn("projects/my-project/topics/cradle-await")) {
        executions.add(
            JsonParser.parseString(handOff.message().getData().toStringUtf8())
                .getAsJsonObject()
                .getAsJsonObject("artifacts")
                .get("execution")
                .getAsString());
      }
      assertEquals(
          List.of(
              jobs + "cradle-notebook-2026-11-25-abc-a76f768bd",
              jobs + "cradle-notebook-2026-11-25-abc-a76f768bd",
              jobs + "cradle-notebook-2026-11-25-abc-a0cdd0632"),
          executions);
    }
  }

  private static final String TEMPLATE_V1 = template("version one");
  private static final String TEMPLATE_V2 = template("version two");

  private static String template(String text) {
    return "{\"cells\":[{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{\"tags\":[\"parameters\"]},"
        + "\"execution_count\":null,\"outputs\":[],\"source\":[\"run_id = None\"]},"
        + "{\"cell_type\":\"code\",\"id\":\"x\",\"metadata\":{},\"execution_count\":null,"
        + "\"outputs\":[],\"source\":[\"print('"
        + text
        + "')\"]}],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}";
  }
}

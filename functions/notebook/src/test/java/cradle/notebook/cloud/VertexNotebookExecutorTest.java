package cradle.notebook.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsClient;
import com.google.protobuf.Timestamp;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.cloud.VertexJobId;
import cradle.shared.port.NotebookExecutor;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class VertexNotebookExecutorTest {
  private static final VertexSettings SETTINGS =
      new VertexSettings(
          "my-project",
          "asia-northeast1",
          "cradle-notebook@my-project.iam.gserviceaccount.com",
          null,
          "e2-standard-4");
  private static final NotebookExecutor.Job JOB =
      new NotebookExecutor.Job(
          "cradle-notebook-2026-11-25-abc",
          "gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/input.ipynb",
          "gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/output/",
          Duration.ofMinutes(30),
          Map.of("pipeline", "cradle", "stage", "notebook", "run_date", "2026-11-25"));
  private static final String NAME =
      "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc";

  private final NotebookServiceClient client = mock(NotebookServiceClient.class);

  @SuppressWarnings("unchecked")
  private final UnaryCallable<CreateNotebookExecutionJobRequest, Operation> create =
      mock(UnaryCallable.class);

  private final VertexNotebookExecutor executor =
      new VertexNotebookExecutor(() -> client, SETTINGS);

  /** Vertex AI has no job of that name: get() answers NOT_FOUND. */
  private void noJobYet() {
    when(client.getNotebookExecutionJob(anyString()))
        .thenThrow(
            new NotFoundException(
                new RuntimeException("not found"),
                GrpcStatusCode.of(Status.Code.NOT_FOUND),
                false));
  }

  @Test
  void start_looksForTheJob_thenCreatesIt_withExactlyThisRequest_andReturnsItsName() {
    noJobYet();
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any())).thenReturn(Operation.newBuilder().setName("op-1").build());

    assertEquals(new NotebookExecutor.Started(NAME, false), executor.start(JOB));

    ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
        ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
    InOrder order = inOrder(client, create);
    order.verify(client).getNotebookExecutionJob(NAME);
    order.verify(create).call(sent.capture());
    CreateNotebookExecutionJobRequest r = sent.getValue();
    assertEquals("projects/my-project/locations/asia-northeast1", r.getParent());
    assertEquals("cradle-notebook-2026-11-25-abc", r.getNotebookExecutionJobId());
    NotebookExecutionJob j = r.getNotebookExecutionJob();
    assertEquals(
        "gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/input.ipynb",
        j.getGcsNotebookSource().getUri());
    assertEquals("gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/output", j.getGcsOutputUri());
    assertEquals(1800, j.getExecutionTimeout().getSeconds());
    assertEquals("cradle-notebook@my-project.iam.gserviceaccount.com", j.getServiceAccount());
    assertEquals("python3", j.getKernelName());
    assertEquals(
        Map.of("pipeline", "cradle", "stage", "notebook", "run_date", "2026-11-25"),
        j.getLabelsMap());
    assertEquals("e2-standard-4", j.getCustomEnvironmentSpec().getMachineSpec().getMachineType());
    assertEquals(
        "projects/my-project/global/networks/default",
        j.getCustomEnvironmentSpec().getNetworkSpec().getNetwork());
    assertTrue(j.getCustomEnvironmentSpec().getNetworkSpec().getEnableInternetAccess());
    assertEquals("", j.getNotebookRuntimeTemplateResourceName());
  }

  @Test
  void start_aJobThatExists_isTheDuplicateDelivery_goesOnWithoutACreate() {
    when(client.getNotebookExecutionJob(NAME))
        .thenReturn(
            NotebookExecutionJob.newBuilder()
                .setName(NAME)
                .setJobState(JobState.JOB_STATE_RUNNING)
                .build());

    assertEquals(new NotebookExecutor.Started(NAME, true), executor.start(JOB));

    verify(client).getNotebookExecutionJob(NAME);
    verify(client, never()).createNotebookExecutionJobCallable();
  }

  /** Two deliveries at once: both find no job, and the later create meets ALREADY_EXISTS. */
  @Test
  void start_aCreateThatMeetsAlreadyExists_isTheDuplicateDelivery_andGoesOn() {
    noJobYet();
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any()))
        .thenThrow(
            new AlreadyExistsException(
                new RuntimeException("exists"),
                GrpcStatusCode.of(Status.Code.ALREADY_EXISTS),
                false));

    assertEquals(new NotebookExecutor.Started(NAME, true), executor.start(JOB));
  }

  @Test
  void start_unavailableRetries_invalidArgumentFails() {
    noJobYet();
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any()))
        .thenThrow(
            new UnavailableException(
                new RuntimeException("503"), GrpcStatusCode.of(Status.Code.UNAVAILABLE), true))
        .thenThrow(
            new InvalidArgumentException(
                new RuntimeException("bad machine type"),
                GrpcStatusCode.of(Status.Code.INVALID_ARGUMENT),
                false));

    RetryLaterException unavailable =
        assertThrows(RetryLaterException.class, () -> executor.start(JOB));
    StageFailedException e = assertThrows(StageFailedException.class, () -> executor.start(JOB));
    assertEquals(
        "Vertex AI: UNAVAILABLE: java.lang.RuntimeException: 503", unavailable.getMessage());
    assertEquals(
        "Vertex AI refused notebook job cradle-notebook-2026-11-25-abc: INVALID_ARGUMENT:"
            + " java.lang.RuntimeException: bad machine type",
        e.getMessage());
  }

  @Test
  void start_aGetThatFails_retriesWhenVertexSaysSo_elseFails_andCreatesNothing() {
    when(client.getNotebookExecutionJob(NAME))
        .thenThrow(
            new UnavailableException(
                new RuntimeException("503"), GrpcStatusCode.of(Status.Code.UNAVAILABLE), true))
        .thenThrow(
            new PermissionDeniedException(
                new RuntimeException("aiplatform.notebookExecutionJobs.get denied"),
                GrpcStatusCode.of(Status.Code.PERMISSION_DENIED),
                false));

    RetryLaterException unavailable =
        assertThrows(RetryLaterException.class, () -> executor.start(JOB));
    StageFailedException denied =
        assertThrows(StageFailedException.class, () -> executor.start(JOB));

    assertEquals(
        "Vertex AI: UNAVAILABLE: java.lang.RuntimeException: 503", unavailable.getMessage());
    assertEquals(
        "Vertex AI refused notebook job cradle-notebook-2026-11-25-abc: PERMISSION_DENIED:"
            + " java.lang.RuntimeException: aiplatform.notebookExecutionJobs.get denied",
        denied.getMessage());
    verify(client, never()).createNotebookExecutionJobCallable();
  }

  @Test
  void status_mapsJobStates_andPointsAtTheExecutedNotebook() {
    NotebookExecutionJob.Builder job =
        NotebookExecutionJob.newBuilder()
            .setName(NAME)
            .setGcsNotebookSource(
                NotebookExecutionJob.GcsNotebookSource.newBuilder().setUri(JOB.notebookUri()))
            .setGcsOutputUri("gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/output")
            .setCreateTime(Timestamp.newBuilder().setSeconds(1_795_600_000));
    when(client.getNotebookExecutionJob(NAME))
        .thenReturn(
            job.setJobState(JobState.JOB_STATE_RUNNING).build(),
            job.setJobState(JobState.JOB_STATE_SUCCEEDED).build(),
            job.setJobState(JobState.JOB_STATE_FAILED)
                .setStatus(com.google.rpc.Status.newBuilder().setMessage("cell 5 raised KeyError"))
                .build());

    NotebookExecutor.Status running = executor.status(NAME);
    NotebookExecutor.Status succeeded = executor.status(NAME);
    NotebookExecutor.Status failed = executor.status(NAME);

    assertEquals(NotebookExecutor.State.RUNNING, running.state());
    assertEquals(Instant.ofEpochSecond(1_795_600_000), running.started());
    assertEquals(NotebookExecutor.State.SUCCEEDED, succeeded.state());
    assertEquals(
        "gs://bkt/runs/2026-11-25/2026-11-25-abc/notebook/output/cradle-notebook-2026-11-25-abc/input.ipynb",
        succeeded.outputNotebookUri());
    assertEquals(NotebookExecutor.State.FAILED, failed.state());
    assertEquals("cell 5 raised KeyError", failed.error());
    assertNull(failed.outputNotebookUri());
  }

  @Test
  void start_aCreateOperationAlreadyFailed_failsTheRunWithItsError() {
    noJobYet();
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any()))
        .thenReturn(
            failedOperation(42, Status.Code.PERMISSION_DENIED, "actAs on cradle-notebook@ denied"));

    StageFailedException e = assertThrows(StageFailedException.class, () -> executor.start(JOB));

    assertEquals(
        "notebook job "
            + NAME
            + " did not start: PERMISSION_DENIED: actAs on cradle-notebook@ denied (operation "
            + NAME
            + "/operations/42)",
        e.getMessage());
  }

  @Test
  void status_aJobThatNeverStarted_isReportedWithItsCreateOperationsError() {
    OperationsClient operations =
        missingJobWithOperations(
            List.of(
                Operation.newBuilder().setName("running").build(),
                failedOperation(
                    7,
                    Status.Code.FAILED_PRECONDITION,
                    "Compute Engine API has not been used in project")));

    StageFailedException e = assertThrows(StageFailedException.class, () -> executor.status(NAME));

    assertEquals(
        "notebook job "
            + NAME
            + " did not start: FAILED_PRECONDITION: Compute Engine API has not been used in project"
            + " (operation "
            + NAME
            + "/operations/7)",
        e.getMessage());
    verify(operations).listOperations(NAME + "/operations", "");
  }

  /** The job's create operation {@code number}, done with {@code code} and {@code message}. */
  private static Operation failedOperation(int number, Status.Code code, String message) {
    return Operation.newBuilder()
        .setName(NAME + "/operations/" + number)
        .setDone(true)
        .setError(com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message))
        .build();
  }

  /** get() answers NOT_FOUND; the job's operations are {@code operations}. */
  private OperationsClient missingJobWithOperations(List<Operation> operations) {
    OperationsClient client = mock(OperationsClient.class);
    OperationsClient.ListOperationsPagedResponse page =
        mock(OperationsClient.ListOperationsPagedResponse.class);
    when(page.iterateAll()).thenReturn(operations);
    when(client.listOperations(NAME + "/operations", "")).thenReturn(page);
    when(this.client.getOperationsClient()).thenReturn(client);
    when(this.client.getNotebookExecutionJob(NAME))
        .thenThrow(
            new NotFoundException(
                new RuntimeException("not found"),
                GrpcStatusCode.of(Status.Code.NOT_FOUND),
                false));
    return client;
  }

  @Test
  void status_aMissingJobWithoutAnyOperation_failsSayingSo() {
    missingJobWithOperations(List.of());

    StageFailedException e = assertThrows(StageFailedException.class, () -> executor.status(NAME));

    assertEquals(
        "no notebook job " + NAME + " (and no create operation); re-run the notebook stage",
        e.getMessage());
  }

  @Test
  void status_aMissingJobWhoseCreateOperationRuns_isRetriedLater() {
    OperationsClient operations =
        missingJobWithOperations(
            List.of(Operation.newBuilder().setName(NAME + "/operations/8").build()));

    RetryLaterException e = assertThrows(RetryLaterException.class, () -> executor.status(NAME));

    assertEquals(
        "notebook job " + NAME + " is being created (operation " + NAME + "/operations/8)",
        e.getMessage());
    verify(client).getNotebookExecutionJob(NAME);
    verify(operations).listOperations(NAME + "/operations", "");
  }

  @Test
  void status_aJobCreatedButNotYetVisible_isRetriedLater() {
    missingJobWithOperations(
        List.of(Operation.newBuilder().setName(NAME + "/operations/9").setDone(true).build()));

    RetryLaterException e = assertThrows(RetryLaterException.class, () -> executor.status(NAME));

    assertEquals(
        "notebook job "
            + NAME
            + " created (operation "
            + NAME
            + "/operations/9) but not yet visible",
        e.getMessage());
  }

  @Test
  void status_partiallySucceeded_unspecified_andUnknownStates_failWithWhatVertexSaid() {
    NotebookExecutionJob.Builder job =
        NotebookExecutionJob.newBuilder()
            .setName(NAME)
            .setGcsNotebookSource(
                NotebookExecutionJob.GcsNotebookSource.newBuilder().setUri(JOB.notebookUri()));
    when(client.getNotebookExecutionJob(NAME))
        .thenReturn(
            job.setJobState(JobState.JOB_STATE_PARTIALLY_SUCCEEDED)
                .setStatus(com.google.rpc.Status.newBuilder().setMessage("1 of 2 tasks failed"))
                .build(),
            job.clearStatus().setJobState(JobState.JOB_STATE_UNSPECIFIED).build(),
            job.setJobStateValue(99).build());

    NotebookExecutor.Status partial = executor.status(NAME);
    NotebookExecutor.Status unspecified = executor.status(NAME);
    NotebookExecutor.Status unknown = executor.status(NAME);

    assertEquals(NotebookExecutor.State.FAILED, partial.state());
    assertEquals(
        "Vertex AI reports JOB_STATE_PARTIALLY_SUCCEEDED; a notebook run must succeed whole, so"
            + " its report is not published: 1 of 2 tasks failed",
        partial.error());
    assertNull(partial.outputNotebookUri());
    assertEquals(NotebookExecutor.State.FAILED, unspecified.state());
    assertEquals(
        "Vertex AI reports no job state Cradle knows (JOB_STATE_UNSPECIFIED); look at the job"
            + " before re-running the notebook stage",
        unspecified.error());
    assertEquals(NotebookExecutor.State.FAILED, unknown.state());
    assertEquals(
        "Vertex AI reports no job state Cradle knows (UNRECOGNIZED); look at the job"
            + " before re-running the notebook stage",
        unknown.error());
  }

  @Test
  void state_everyJobStateIsNamed_andOnlyTheWaitingOnesAreRunning() {
    for (JobState s : JobState.values()) {
      NotebookExecutor.State mapped = VertexNotebookExecutor.state(s);
      boolean waiting =
          java.util.Set.of(
                  JobState.JOB_STATE_QUEUED,
                  JobState.JOB_STATE_PENDING,
                  JobState.JOB_STATE_RUNNING,
                  JobState.JOB_STATE_CANCELLING,
                  JobState.JOB_STATE_PAUSED,
                  JobState.JOB_STATE_UPDATING)
              .contains(s);
      assertEquals(waiting, mapped == NotebookExecutor.State.RUNNING, s.name());
    }
  }

  @Test
  void start_aLongRunId_getsABoundedValidJobId_theSameEachTime() {
    noJobYet();
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any())).thenReturn(Operation.newBuilder().setName("op").build());
    String runId = "a" + "-backfill-of-november".repeat(3); // 64 characters
    runId = runId.substring(0, 63);
    assertEquals(63, runId.length());
    NotebookExecutor.Job longJob =
        new NotebookExecutor.Job(
            "cradle-notebook-" + runId,
            JOB.notebookUri(),
            JOB.outputPrefix(),
            JOB.timeout(),
            JOB.labels());

    String name = executor.start(longJob).name();
    executor.start(longJob);

    ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
        ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
    verify(create, org.mockito.Mockito.times(2)).call(sent.capture());
    String id = sent.getAllValues().get(0).getNotebookExecutionJobId();
    assertEquals(id, sent.getAllValues().get(1).getNotebookExecutionJobId());
    assertTrue(VertexJobId.VALID.matcher(id).matches(), id);
    assertTrue(id.startsWith("cradle-notebook-a-backfill-of-"), id);
    assertEquals("projects/my-project/locations/asia-northeast1/notebookExecutionJobs/" + id, name);
  }
}

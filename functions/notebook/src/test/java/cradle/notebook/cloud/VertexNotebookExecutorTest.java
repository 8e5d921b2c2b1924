package cradle.notebook.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.UnaryCallable;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.longrunning.Operation;
import com.google.protobuf.Timestamp;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.port.NotebookExecutor;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

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

  @Test
  void start_createsTheJob_withExactlyThisRequest_andReturnsItsName() {
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any())).thenReturn(Operation.newBuilder().setName("op-1").build());

    assertEquals(NAME, executor.start(JOB));

    ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
        ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
    verify(create).call(sent.capture());
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
    assertEquals("", j.getNotebookRuntimeTemplateResourceName());
  }

  @Test
  void start_alreadyExists_isTheDuplicateDelivery_andGoesOn() {
    when(client.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any()))
        .thenThrow(
            new AlreadyExistsException(
                new RuntimeException("exists"),
                GrpcStatusCode.of(Status.Code.ALREADY_EXISTS),
                false));

    assertEquals(NAME, executor.start(JOB));
  }

  @Test
  void start_unavailableRetries_invalidArgumentFails() {
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

    assertThrows(RetryLaterException.class, () -> executor.start(JOB));
    StageFailedException e = assertThrows(StageFailedException.class, () -> executor.start(JOB));
    assertEquals(true, e.getMessage().contains("INVALID_ARGUMENT"), e.getMessage());
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
}

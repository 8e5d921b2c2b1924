package cradle.notebook.cloud;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.LocationName;
import com.google.cloud.aiplatform.v1.MachineSpec;
import com.google.cloud.aiplatform.v1.NetworkSpec;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookExecutionJobName;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.cloud.aiplatform.v1.PersistentDiskSpec;
import com.google.longrunning.Operation;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.cloud.VertexJobId;
import cradle.shared.port.NotebookExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs the notebook as a Vertex AI {@code NotebookExecutionJob} (aiplatform v1). The job id is the
 * attempt's execution id (the run's and the request's), so a duplicate delivery finds the job
 * (GetNotebookExecutionJob by its resource name) and goes on with it without asking for another,
 * while a re-run is a new job. Creating returns as soon as Vertex AI has the job; nothing waits for
 * it to run.
 */
public final class VertexNotebookExecutor implements NotebookExecutor {
  private final Supplier<NotebookServiceClient> client;
  private final VertexSettings settings;

  public VertexNotebookExecutor(Supplier<NotebookServiceClient> client, VertexSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  CreateNotebookExecutionJobRequest request(Job job) {
    String id = VertexJobId.of(job.executionId());
    NotebookExecutionJob.Builder spec =
        NotebookExecutionJob.newBuilder()
            .setDisplayName(job.executionId())
            .setGcsNotebookSource(
                NotebookExecutionJob.GcsNotebookSource.newBuilder().setUri(job.notebookUri()))
            .setGcsOutputUri(
                job.outputPrefix().endsWith("/")
                    ? job.outputPrefix().substring(0, job.outputPrefix().length() - 1)
                    : job.outputPrefix())
            .setExecutionTimeout(
                com.google.protobuf.Duration.newBuilder().setSeconds(job.timeout().toSeconds()))
            .setServiceAccount(settings.serviceAccount())
            .setKernelName("python3")
            .putAllLabels(job.labels());
    if (settings.runtimeTemplate() != null) {
      spec.setNotebookRuntimeTemplateResourceName(settings.runtimeTemplate());
    } else {
      spec.setCustomEnvironmentSpec(
          NotebookExecutionJob.CustomEnvironmentSpec.newBuilder()
              .setMachineSpec(MachineSpec.newBuilder().setMachineType(settings.machineType()))
              .setPersistentDiskSpec(
                  PersistentDiskSpec.newBuilder().setDiskType("pd-standard").setDiskSizeGb(100))
              // the runtime runs on the project's default VPC; with internet access it reads and
              // writes gs:// even where the subnet lacks Private Google Access
              .setNetworkSpec(
                  NetworkSpec.newBuilder()
                      .setNetwork("projects/" + settings.project() + "/global/networks/default")
                      .setEnableInternetAccess(true)));
    }
    return CreateNotebookExecutionJobRequest.newBuilder()
        .setParent(LocationName.of(settings.project(), settings.region()).toString())
        .setNotebookExecutionJobId(id)
        .setNotebookExecutionJob(spec)
        .build();
  }

  @Override
  public Started start(Job job) {
    String name =
        NotebookExecutionJobName.of(
                settings.project(), settings.region(), VertexJobId.of(job.executionId()))
            .toString();
    if (exists(job, name)) {
      return new Started(name, true);
    }
    Operation operation;
    try {
      // the raw call returns the long-running operation without waiting on it
      operation = client.get().createNotebookExecutionJobCallable().call(request(job));
    } catch (AlreadyExistsException e) {
      // another delivery of this request created it since get() looked (or its create is still
      // running, and Vertex AI does not show the job yet)
      return new Started(name, true);
    } catch (ApiException e) {
      throw failure(job, e);
    }
    if (operation != null && operation.getDone() && operation.hasError()) {
      throw new StageFailedException(neverStarted(name, operation));
    }
    return new Started(name, false);
  }

  /**
   * Whether this attempt's job exists: the execution id names one request's attempt, so only
   * another delivery of that request finds it.
   */
  private boolean exists(Job job, String name) {
    try {
      client.get().getNotebookExecutionJob(name);
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ApiException e) {
      throw failure(job, e);
    }
  }

  private static RuntimeException failure(Job job, ApiException e) {
    if (e.isRetryable()) {
      return new RetryLaterException(
          "Vertex AI: " + e.getStatusCode().getCode() + ": " + e.getMessage(), e);
    }
    return new StageFailedException(
        "Vertex AI refused notebook job "
            + job.executionId()
            + ": "
            + e.getStatusCode().getCode()
            + ": "
            + e.getMessage(),
        e);
  }

  private static String neverStarted(String name, Operation operation) {
    return "notebook job "
        + name
        + " did not start: "
        + io.grpc.Status.fromCodeValue(operation.getError().getCode()).getCode()
        + ": "
        + operation.getError().getMessage()
        + " (operation "
        + operation.getName()
        + ")";
  }

  /**
   * A job that get() does not find: its create operation (Vertex AI names a resource's operations
   * {@code <resource>/operations/<id>}) says whether it is still being made or not yet visible
   * (wait: Pub/Sub redelivers), failed (its error is the only record: fail with it), or never
   * existed.
   */
  private RuntimeException missingJob(String executionName, NotFoundException notFound) {
    List<Operation> operations = new ArrayList<>();
    try {
      client
          .get()
          .getOperationsClient()
          .listOperations(executionName + "/operations", "")
          .iterateAll()
          .forEach(operations::add);
    } catch (ApiException e) {
      return new RetryLaterException(
          "notebook job " + executionName + " not found and its create operation unreadable", e);
    }
    for (Operation op : operations) {
      if (op.getDone() && op.hasError()) {
        return new StageFailedException(neverStarted(executionName, op));
      }
    }
    for (Operation op : operations) {
      if (!op.getDone()) {
        return new RetryLaterException(
            "notebook job " + executionName + " is being created (operation " + op.getName() + ")",
            notFound);
      }
    }
    if (!operations.isEmpty()) {
      return new RetryLaterException(
          "notebook job "
              + executionName
              + " created (operation "
              + operations.get(0).getName()
              + ") but not yet visible",
          notFound);
    }
    return new StageFailedException(
        "no notebook job "
            + executionName
            + " (and no create operation); re-run the"
            + " notebook stage");
  }

  @Override
  public Status status(String executionName) {
    NotebookExecutionJob job;
    try {
      job = client.get().getNotebookExecutionJob(executionName);
    } catch (NotFoundException e) {
      throw missingJob(executionName, e);
    } catch (ApiException e) {
      throw new RetryLaterException(
          "Vertex AI: " + e.getStatusCode().getCode() + ": " + e.getMessage(), e);
    }
    State state = state(job.getJobState());
    String error =
        switch (job.getJobState()) {
          case JOB_STATE_PARTIALLY_SUCCEEDED ->
              "Vertex AI reports JOB_STATE_PARTIALLY_SUCCEEDED; a notebook run must succeed whole,"
                  + " so its report is not published: "
                  + job.getStatus().getMessage();
          case JOB_STATE_UNSPECIFIED, UNRECOGNIZED ->
              "Vertex AI reports no job state Cradle knows ("
                  + job.getJobState()
                  + "); look at the job before re-running the notebook stage";
          default -> job.getStatus().getMessage();
        };
    String id = NotebookExecutionJobName.parse(executionName).getNotebookExecutionJob();
    String source = job.getGcsNotebookSource().getUri();
    // Vertex AI writes the executed notebook to <gcsOutputUri>/<job id>/<notebook file name>
    String output =
        state == State.SUCCEEDED && !job.getGcsOutputUri().isEmpty()
            ? job.getGcsOutputUri() + "/" + id + "/" + source.substring(source.lastIndexOf('/') + 1)
            : null;
    String link =
        "https://console.cloud.google.com/vertex-ai/colab/execution-jobs?project="
            + settings.project();
    Instant started =
        job.hasCreateTime()
            ? Instant.ofEpochSecond(
                job.getCreateTime().getSeconds(), job.getCreateTime().getNanos())
            : null;
    return new Status(state, error, output, link, started);
  }

  /**
   * Every state named: a partial success of a single-notebook job means it did not finish, and a
   * state the API leaves unset (or one newer than this client) is not waited on for the deadline.
   */
  static State state(JobState state) {
    return switch (state) {
      case JOB_STATE_QUEUED,
          JOB_STATE_PENDING,
          JOB_STATE_RUNNING,
          JOB_STATE_CANCELLING,
          JOB_STATE_PAUSED,
          JOB_STATE_UPDATING ->
          State.RUNNING;
      case JOB_STATE_SUCCEEDED -> State.SUCCEEDED;
      case JOB_STATE_FAILED,
          JOB_STATE_EXPIRED,
          JOB_STATE_PARTIALLY_SUCCEEDED,
          JOB_STATE_UNSPECIFIED,
          UNRECOGNIZED ->
          State.FAILED;
      case JOB_STATE_CANCELLED -> State.CANCELLED;
    };
  }
}

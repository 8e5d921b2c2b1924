package cradle.notebook.cloud;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.LocationName;
import com.google.cloud.aiplatform.v1.MachineSpec;
import com.google.cloud.aiplatform.v1.NotebookExecutionJob;
import com.google.cloud.aiplatform.v1.NotebookExecutionJobName;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.cloud.aiplatform.v1.PersistentDiskSpec;
import cradle.shared.RetryLaterException;
import cradle.shared.StageFailedException;
import cradle.shared.port.NotebookExecutor;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs the notebook as a Vertex AI {@code NotebookExecutionJob} (aiplatform v1). The job id is the
 * run's execution id, so a duplicate delivery meets ALREADY_EXISTS and simply goes on with the job
 * that exists. Creating returns as soon as Vertex AI has the job; nothing waits for it to run.
 */
public final class VertexNotebookExecutor implements NotebookExecutor {
  private final Supplier<NotebookServiceClient> client;
  private final VertexSettings settings;

  public VertexNotebookExecutor(Supplier<NotebookServiceClient> client, VertexSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  CreateNotebookExecutionJobRequest request(Job job) {
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
                  PersistentDiskSpec.newBuilder().setDiskType("pd-standard").setDiskSizeGb(100)));
    }
    return CreateNotebookExecutionJobRequest.newBuilder()
        .setParent(LocationName.of(settings.project(), settings.region()).toString())
        .setNotebookExecutionJobId(job.executionId())
        .setNotebookExecutionJob(spec)
        .build();
  }

  @Override
  public String start(Job job) {
    String name =
        NotebookExecutionJobName.of(settings.project(), settings.region(), job.executionId())
            .toString();
    try {
      // the raw call returns the long-running operation without waiting on it
      client.get().createNotebookExecutionJobCallable().call(request(job));
    } catch (AlreadyExistsException e) {
      return name;
    } catch (ApiException e) {
      if (e.isRetryable()) {
        throw new RetryLaterException(
            "Vertex AI: " + e.getStatusCode().getCode() + ": " + e.getMessage(), e);
      }
      throw new StageFailedException(
          "Vertex AI refused notebook job "
              + job.executionId()
              + ": "
              + e.getStatusCode().getCode()
              + ": "
              + e.getMessage(),
          e);
    }
    return name;
  }

  @Override
  public Status status(String executionName) {
    NotebookExecutionJob job;
    try {
      job = client.get().getNotebookExecutionJob(executionName);
    } catch (NotFoundException e) {
      throw new StageFailedException(
          "no notebook job " + executionName + "; re-run the notebook stage");
    } catch (ApiException e) {
      throw new RetryLaterException(
          "Vertex AI: " + e.getStatusCode().getCode() + ": " + e.getMessage(), e);
    }
    State state =
        switch (job.getJobState()) {
          case JOB_STATE_SUCCEEDED -> State.SUCCEEDED;
          case JOB_STATE_FAILED, JOB_STATE_EXPIRED -> State.FAILED;
          case JOB_STATE_CANCELLED -> State.CANCELLED;
          default -> State.RUNNING;
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
    return new Status(state, job.getStatus().getMessage(), output, link, started);
  }
}

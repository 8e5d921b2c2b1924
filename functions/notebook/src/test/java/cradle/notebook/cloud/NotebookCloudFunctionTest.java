package cradle.notebook.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.gax.rpc.UnaryCallable;
import com.google.cloud.aiplatform.v1.CreateNotebookExecutionJobRequest;
import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.longrunning.Operation;
import cradle.notebook.NotebookFunction;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The notebook entry point, cloud profile: Cloud Storage and Vertex AI doubles, real Pub/Sub
 * client.
 */
class NotebookCloudFunctionTest {
  static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  static final Map<String, String> ENV = CloudEnv.notebookStages();

  @Test
  void analysisHandOff_storesTheParameterisedCopy_startsTheJob_andHandsOffToAwait()
      throws Exception {
    FakeGcs gcs = new FakeGcs();
    try (InputStream template =
        NotebookFunction.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      gcs.put(
          "gs://cradle-runs/notebooks/cradle_report.ipynb",
          new String(template.readAllBytes(), StandardCharsets.UTF_8));
    }
    NotebookServiceClient vertex = mock(NotebookServiceClient.class);
    @SuppressWarnings("unchecked")
    UnaryCallable<CreateNotebookExecutionJobRequest, Operation> create = mock(UnaryCallable.class);
    when(vertex.createNotebookExecutionJobCallable()).thenReturn(create);
    when(create.call(any())).thenReturn(Operation.getDefaultInstance());
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE)
            .handOff(
                Stage.NOTEBOOK,
                Map.of("analysis", "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/analysis/"));

    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      new NotebookFunction(
              ENV,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new NotebookCloudProfile(s -> () -> vertex, gcs::storage, pubsub.publishers()))
          .accept(PubSubEvents.of(message, "m-7", NOW));

      String copy =
          gcs.text("gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/notebook/input.ipynb");
      assertTrue(
          copy.contains(
              "input_uri = \\\"gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/analysis/\\\""),
          copy);
      assertTrue(
          copy.contains(
              "output_uri ="
                  + " \\\"gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/report/report.jsonl\\\""));
      ArgumentCaptor<CreateNotebookExecutionJobRequest> sent =
          ArgumentCaptor.forClass(CreateNotebookExecutionJobRequest.class);
      verify(create).call(sent.capture());
      assertEquals("cradle-notebook-2026-11-25-abc", sent.getValue().getNotebookExecutionJobId());
      var handOffs = pubsub.receivedOn("projects/my-project/topics/cradle-await");
      assertEquals(1, handOffs.size());
      JsonObject body =
          JsonParser.parseString(handOffs.get(0).message().getData().toStringUtf8())
              .getAsJsonObject();
      assertEquals(
          "projects/my-project/locations/asia-northeast1/notebookExecutionJobs/cradle-notebook-2026-11-25-abc",
          body.getAsJsonObject("artifacts").get("execution").getAsString());
    }
  }
}

package cradle.publish.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import cradle.publish.FirebaseReportSink;
import cradle.publish.PublishFunction;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.FirebaseServerPeer;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publish entry point, cloud profile: report shards from a Cloud Storage double, written with
 * the real Admin SDK through a protocol peer.
 */
class PublishCloudFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");

  @Test
  void reportShards_becomeKeyedNodes_thenMeta() throws Exception {
    FakeGcs gcs = new FakeGcs();
    String prefix = "gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/report/";
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      (i % 2 == 0 ? a : b)
          .append("{\"user_id\":\"u")
          .append(i)
          .append("\",\"baby_id\":\"b1\",\"sleep_min\":")
          .append(600 + i)
          .append(",\"summary\":{\"ja\":\"よく眠りました\"}}\n");
    }
    gcs.put(prefix + "report-000.jsonl", a.toString());
    gcs.put(prefix + "report-001.jsonl", b.toString());
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.PUBLISH)
            .withArtifacts(Map.of("report", prefix));

    try (FirebaseServerPeer peer = FirebaseServerPeer.start();
        InProcessPubSub pubsub = new InProcessPubSub()) {
      Map<String, String> env =
          Map.of(
              "CRADLE_PROFILE",
              "cloud",
              "CRADLE_ARTIFACTS_URI",
              "gs://cradle-runs",
              "CRADLE_PROJECT",
              "my-project",
              "CRADLE_DATABASE_URL",
              "https://my-project-default-rtdb.firebaseio.com",
              "CRADLE_PUBLISH_CHUNK_BYTES",
              "4096",
              // rows of their own shape: this test is about the writes, not the report contract
              "CRADLE_PUBLISH_CONTRACT",
              "none");
      FirebaseReportSink peerSink =
          new FirebaseReportSink(
              FirebaseReportSink.emulatorUrl(peer.host(), "cradle"), true, Duration.ofSeconds(30));
      new PublishFunction(
              env,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new PublishCloudProfile(gcs::storage, url -> peerSink, pubsub.publishers()))
          .accept(PubSubEvents.of(message, "m-1", NOW));

      JsonObject reports = peerSink.read("reports").getAsJsonObject();
      assertEquals(300, reports.size());
      assertEquals(
          899, reports.getAsJsonObject("u299").getAsJsonObject("b1").get("sleep_min").getAsInt());
      JsonObject meta = peerSink.read("reports_meta").getAsJsonObject();
      assertEquals("2026-11-25-abc", meta.get("run_id").getAsString());
      assertEquals(300, meta.get("reports").getAsInt());
      assertEquals("2026-11-25T22:00:00Z", meta.get("generated_at").getAsString());
    }
  }

  @Test
  void reportInAnotherBucket_isAnInvalidMessage_andTheDatabaseIsNeverOpened() throws Exception {
    FakeGcs gcs = new FakeGcs();
    String foreign = "gs://attacker/runs/2026-11-25/2026-11-25-abc/report/";
    gcs.put(foreign + "report-000.jsonl", "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"x\":1}\n");
    RunMessage message =
        RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.PUBLISH)
            .withArtifacts(Map.of("report", foreign));
    try (InProcessPubSub pubsub = new InProcessPubSub();
        cradle.shared.testing.LogCapture logs = new cradle.shared.testing.LogCapture()) {
      Map<String, String> env =
          Map.of(
              "CRADLE_PROFILE", "cloud",
              "CRADLE_ARTIFACTS_URI", "gs://cradle-runs",
              "CRADLE_PROJECT", "my-project",
              "CRADLE_DATABASE_URL", "https://my-project-default-rtdb.firebaseio.com");
      new PublishFunction(
              env,
              Clock.fixed(NOW, ZoneOffset.UTC),
              new PublishCloudProfile(
                  gcs::storage,
                  url -> {
                    throw new AssertionError("the database must not be opened");
                  },
                  pubsub.publishers()))
          .accept(PubSubEvents.of(message, "m-2", NOW));

      assertEquals(1, logs.errors().size());
      assertEquals(
          true,
          logs.errors()
              .get(0)
              .getMessage()
              .contains(
                  "artifacts.report: must lie under this run's artifacts, gs://cradle-runs/runs/2026-11-25/2026-11-25-abc/"),
          logs.errors().get(0).getMessage());
    }
  }
}

package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.testing.InProcessPubSub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ./cradle replay through the real Pub/Sub client against an in-process Publisher service. */
class ReplayCommandTest {
  @AfterEach
  void restore() {
    ReplayCommand.publishers = PubSubHandOff.defaultPublishers();
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, CradleCli.execute(args));
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void backfill_publishesOneAnalyzeMessagePerDate_thatTheFunctionReadsAsANewRun() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      ReplayCommand.publishers = pubsub.publishers();

      String out =
          run(
              "replay",
              "--project",
              "my-project",
              "--stage",
              "analyze",
              "--date",
              "2026-11-20",
              "--to",
              "2026-11-22");

      List<InProcessPubSub.Received> got = pubsub.received();
      assertEquals(3, got.size(), out);
      // the replay stamps started_at with the time it publishes: decode as the function would then
      // (any run age allowed, so the fixed dates stay valid)
      RunMessageCodec codec =
          new RunMessageCodec(
              Clock.systemUTC(),
              java.time.ZoneId.of("Asia/Tokyo"),
              36_500,
              "gs://cradle-artifacts");
      for (int i = 0; i < 3; i++) {
        assertEquals("projects/my-project/topics/cradle-analyze", got.get(i).topic());
        var m = got.get(i).message();
        var decoded =
            codec.decode(
                new PubSubMessage("x", null, m.getAttributesMap(), m.getData().toByteArray()),
                Stage.ANALYZE);
        assertEquals("2026-11-2" + i, decoded.runDate().toString());
        assertEquals("analyze", m.getAttributesMap().get("stage"));
      }
      assertTrue(out.contains("published analyze run 2026-11-20-"), out);
    }
  }

  @Test
  void laterStage_continuesTheNamedRun() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      ReplayCommand.publishers = pubsub.publishers();

      run(
          "replay",
          "--project",
          "my-project",
          "--stage",
          "publish",
          "--date",
          "2026-11-25",
          "--run-id",
          "2026-11-25-abc",
          "--force");

      JsonObject body =
          JsonParser.parseString(pubsub.received().get(0).message().getData().toStringUtf8())
              .getAsJsonObject();
      assertEquals("projects/my-project/topics/cradle-publish", pubsub.received().get(0).topic());
      assertEquals("2026-11-25-abc", body.get("run_id").getAsString());
      assertEquals(true, body.get("force").getAsBoolean());
    }
  }

  @Test
  void laterStageWithoutRunId_isOneClearError() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          CradleCli.execute(
              "replay", "--project", "p-123456", "--stage", "notebook", "--date", "2026-11-25");
    } finally {
      System.setErr(err);
    }
    assertEquals(1, code);
    assertEquals(
        "cradle: replaying notebook continues a run: give its --run-id (or replay analyze to start"
            + " a new run)",
        captured.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void dryRun_printsTheGcloudEquivalent() {
    String out =
        run(
            "replay",
            "--project",
            "my-project",
            "--stage",
            "analyze",
            "--date",
            "2026-11-25",
            "--dry-run");

    assertEquals(
        "gcloud pubsub topics publish cradle-analyze --project my-project --message"
            + " '{\"run_date\":\"2026-11-25\"}' --attribute stage=analyze,run_date=2026-11-25",
        out.strip());
  }
}

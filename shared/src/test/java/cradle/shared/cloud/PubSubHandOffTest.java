package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.InProcessPubSub;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubHandOffTest {
  private static final CloudSettings SETTINGS = new CloudSettings("my-project", "cradle");
  private static final RunMessage NEXT =
      RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE)
          .handOff(
              Stage.NOTEBOOK,
              Map.of("analysis", "gs://b/runs/2026-11-25/2026-11-25-abc/analysis/"));

  @Test
  void publish_sendsTheMessageToTheStagesTopic_andReturnsItsId() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      PubSubHandOff handOff =
          new PubSubHandOff(SETTINGS, pubsub.publishers(), Duration.ofSeconds(10));

      String id = handOff.publish(NEXT);

      assertEquals("1", id);
      InProcessPubSub.Received r = pubsub.received().get(0);
      assertEquals("projects/my-project/topics/cradle-notebook", r.topic());
      assertEquals(
          Map.of(
              "stage",
              "notebook",
              "run_id",
              "2026-11-25-abc",
              "run_date",
              "2026-11-25",
              "version",
              "1"),
          r.message().getAttributesMap());
      assertEquals(
          JsonParser.parseString(
              "{\"version\":1,\"run_id\":\"2026-11-25-abc\",\"run_date\":\"2026-11-25\","
                  + "\"stage\":\"notebook\",\"attempt\":1,\"artifacts\":{\"analysis\":\"gs://b/runs/2026-11-25/2026-11-25-abc/analysis/\"}}"),
          JsonParser.parseString(r.message().getData().toStringUtf8()));
    }
  }

  @Test
  void publish_refused_isAnIoErrorNamingTheTopic() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      pubsub.failWith(Status.PERMISSION_DENIED.withDescription("no publisher role"));
      PubSubHandOff handOff =
          new PubSubHandOff(SETTINGS, pubsub.publishers(), Duration.ofSeconds(10));

      IOException e = assertThrows(IOException.class, () -> handOff.publish(NEXT));

      assertEquals(
          true,
          e.getMessage().startsWith("publish to projects/my-project/topics/cradle-notebook failed"),
          e.getMessage());
    }
  }
}

package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.port.Profile;
import cradle.shared.testing.InProcessPubSub;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every cloud function hands off and reports on Pub/Sub topics named by the settings. */
class CloudAdaptersTest {
  private static final CloudSettings SETTINGS = new CloudSettings("my-project", "ci");
  private static final RunMessage RUN =
      RunMessage.start("2026-11-25-abc", LocalDate.parse("2026-11-25"), Stage.ANALYZE);

  @Test
  void handOffAndEvents_goToThePrefixedTopics() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      Profile.Adapters adapters = CloudAdapters.builder(SETTINGS, pubsub.publishers()).build();

      adapters.handOff().publish(RUN.handOff(Stage.NOTEBOOK, Map.of()));
      adapters
          .events()
          .emit(
              new RunEvent(
                  RunEvent.Kind.STARTED,
                  "analyze",
                  RUN.runId(),
                  "2026-11-25",
                  "m",
                  Instant.EPOCH,
                  null,
                  null,
                  null,
                  null));

      assertEquals(
          List.of("projects/my-project/topics/ci-notebook", "projects/my-project/topics/ci-events"),
          pubsub.received().stream().map(InProcessPubSub.Received::topic).toList());
      assertSame(adapters.handOff(), adapters.handOff());
    }
  }

  @Test
  void publish_sameTopicTwice_reusesOnePublisher_andShutdownStopsIt() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      int[] made = {0};
      PubSubHandOff handOff =
          new PubSubHandOff(
              SETTINGS,
              topic -> {
                made[0]++;
                return pubsub.publishers().create(topic);
              },
              Duration.ofSeconds(10));

      assertEquals("1", handOff.publish(RUN));
      assertEquals("2", handOff.publish(RUN));
      assertEquals(1, made[0]);

      handOff.shutdown();

      assertThrows(IllegalStateException.class, () -> handOff.publish(RUN));
    }
  }
}

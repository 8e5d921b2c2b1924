package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.RunEvent;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.RunEventSamples;
import io.grpc.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class PubSubRunEventsTest {
  private static final CloudSettings SETTINGS = new CloudSettings("my-project", "cradle");
  private static final RunEvent EVENT =
      RunEventSamples.superseded(
          Instant.parse("2026-11-26T23:00:00Z"), 5L, "a later date is published", Map.of());

  @Test
  void emit_publishesTheEventsJsonAndAttributesToTheEventsTopic() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      new PubSubRunEvents(SETTINGS, pubsub.publishers()).emit(EVENT);

      InProcessPubSub.Received r = pubsub.received().get(0);
      assertEquals("projects/my-project/topics/cradle-events", r.topic());
      assertEquals(EVENT.toJson(), r.message().getData().toStringUtf8());
      assertEquals(EVENT.attributes(), r.message().getAttributesMap());
    }
  }

  @Test
  void emit_refused_isLoggedAsAWarningWithTheEvent_andDoesNotFailTheStage() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub();
        LogCapture logs = new LogCapture()) {
      pubsub.failWith(Status.PERMISSION_DENIED.withDescription("no publisher role"));

      new PubSubRunEvents(SETTINGS, pubsub.publishers()).emit(EVENT);

      List<LogRecord> warnings =
          logs.records().stream().filter(r -> r.getLevel() == Level.WARNING).toList();
      assertEquals(1, warnings.size());
      String warning = warnings.get(0).getMessage();
      assertTrue(warning.startsWith("run event not published: "), warning);
      assertTrue(warning.endsWith("PERMISSION_DENIED: no publisher role"), warning);
      assertEquals(EVENT.toJson(), logs.fields(warnings.get(0)).get("run_event"));
      assertEquals("publish", logs.fields(warnings.get(0)).get("stage"));
      assertTrue(!Thread.currentThread().isInterrupted());
    }
  }

  @Test
  void emit_interrupted_keepsTheInterruptForTheCaller() throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub();
        LogCapture logs = new LogCapture()) {
      PubSubRunEvents events = new PubSubRunEvents(SETTINGS, pubsub.publishers());
      Thread.currentThread().interrupt();
      try {
        events.emit(EVENT);
        assertTrue(Thread.interrupted(), "the interrupt is kept");
      } finally {
        Thread.interrupted();
      }
    }
  }
}

package cradle.shared;

import static cradle.shared.Deliveries.CLOCK;
import static cradle.shared.Deliveries.NOW;
import static cradle.shared.Deliveries.throwing;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.config.ConfigException;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The entry point with the profile {@code CRADLE_PROFILE=fake} names on the test classpath. */
class StageFunctionTest {
  private static final RunMessage RUN = Deliveries.run(Stage.NOTEBOOK);

  private final List<RunMessage> handled = new CopyOnWriteArrayList<>();

  /** A notebook-stage function that records each message its handler is given. */
  private StageFunction function(StageHandler handler) {
    return new StageFunction(
        Stage.NOTEBOOK,
        Deliveries.env("fake"),
        CLOCK,
        Deliveries.factory(
            (m, log) -> {
              handled.add(m);
              return handler.handle(m, log);
            })) {};
  }

  /** Delivers RUN, published at {@code published}, to a handler that throws {@code thrown}. */
  private List<LogRecord> acknowledgedAfter(Exception thrown, Instant published) {
    try (LogCapture logs = new LogCapture()) {
      assertDoesNotThrow(
          () -> function(throwing(thrown)).accept(PubSubEvents.of(RUN, "m1", published)));
      assertEquals(List.of(RUN.withRequest(RunLayout.attemptOf("m1"))), handled, "ran once");
      return logs.records();
    }
  }

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Test
  void accept_validMessage_runsStageOnceAndLogsStartAndSuccess() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      function((m, log) -> Map.of()).accept(PubSubEvents.of(RUN, "m1", NOW));

      // a new request: its own message id names it
      assertEquals(List.of(RUN.withRequest(RunLayout.attemptOf("m1"))), handled);
      assertEquals(List.of("stage started", "stage succeeded"), messages(logs.records()));
      assertEquals("2026-11-25-run", logs.fields(logs.records().get(1)).get("run_id"));
      assertEquals("notebook", logs.fields(logs.records().get(1)).get("stage"));
    }
  }

  /** A hand-off carries its request on: the message id of this delivery does not rename it. */
  @Test
  void accept_messageOfARequest_keepsItsRequest() throws Exception {
    RunMessage handedOff = RUN.withRequest(RunLayout.attemptOf("analyze-m1"));
    function((m, log) -> Map.of()).accept(PubSubEvents.of(handedOff, "m2", NOW));
    function((m, log) -> Map.of()).accept(PubSubEvents.of(handedOff, "m3", NOW));

    assertEquals(List.of(handedOff, handedOff), handled);
  }

  @Test
  void accept_invalidMessage_isAcknowledgedWithOneErrorNamingTheMessage() {
    try (LogCapture logs = new LogCapture()) {
      assertDoesNotThrow(
          () ->
              function((m, log) -> Map.of())
                  .accept(
                      PubSubEvents.withData(
                          "{\"run_date\":\"yesterday\"}", Map.of(), "m-bad", NOW)));

      assertEquals(List.of(), handled);
      assertEquals(1, logs.errors().size());
      var error = logs.errors().get(0);
      assertTrue(
          error.getMessage().contains("run_date: 'yesterday' is not a date"), error.getMessage());
      assertEquals("m-bad", logs.fields(error).get("message_id"));
      assertEquals("invalid", logs.fields(error).get(StageFunction.OUTCOME));
    }
  }

  @Test
  void accept_permanentFailure_isAcknowledgedNotRetried() {
    List<LogRecord> log =
        acknowledgedAfter(new StageFailedException("notebook raised ValueError"), NOW);

    assertEquals(
        List.of("stage started", "stage failed, not retried: notebook raised ValueError"),
        messages(log));
    LogRecord error = log.get(1);
    assertEquals(Level.SEVERE, error.getLevel());
    assertEquals("failed", Log.fieldsOf(error).get(StageFunction.OUTCOME));
    assertEquals("2026-11-25-run", Log.fieldsOf(error).get("run_id"));
    assertEquals("m1", Log.fieldsOf(error).get("message_id"));
  }

  @Test
  void accept_notDoneYetOrTransient_throwsTheHandlersExceptionForRedelivery() {
    for (Exception thrown :
        List.of(new RetryLaterException("still running"), new IOException("503 from upstream"))) {
      Exception e =
          assertThrows(
              Exception.class,
              () ->
                  function(throwing(thrown))
                      .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(60))));

      assertSame(thrown, e);
    }
  }

  @Test
  void accept_failingEventOlderThanMaxAge_isDroppedWithAnError() {
    List<LogRecord> log =
        acknowledgedAfter(new RetryLaterException("still running"), NOW.minusSeconds(3601));

    assertEquals(
        List.of("stage started", "dropped after retrying for 60 min (limit 60 min): still running"),
        messages(log));
    assertEquals(Level.SEVERE, log.get(1).getLevel());
    assertEquals("dropped", Log.fieldsOf(log.get(1)).get(StageFunction.OUTCOME));
  }

  @Test
  void constructor_badConfiguration_failsAtStartNamingEveryVariable() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                new StageFunction(
                    Stage.ANALYZE,
                    Map.of("CRADLE_PROFILE", "cloud", "CRADLE_TIME_ZONE", "Nowhere"),
                    CLOCK,
                    Deliveries.factory((m, l) -> Map.of())) {});

    assertEquals(3, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).startsWith("CRADLE_TIME_ZONE='Nowhere'"));
    assertEquals("CRADLE_ARTIFACTS_URI is not set", e.problems().get(1));
    assertTrue(
        e.problems()
            .get(2)
            .startsWith("CRADLE_PROFILE='cloud' has no adapters for the analyze stage"));
  }
}

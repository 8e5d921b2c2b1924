package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.config.ConfigException;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StageFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, String> ENV =
      Map.of(
          "CRADLE_PROFILE",
          "fake",
          "CRADLE_ARTIFACTS_URI",
          "gs://bucket",
          "CRADLE_MAX_EVENT_AGE_SECONDS",
          "3600");
  private static final RunMessage RUN =
      RunMessage.start("2026-11-25-run", LocalDate.parse("2026-11-25"), Stage.NOTEBOOK);

  private final AtomicInteger calls = new AtomicInteger();

  /** A notebook-stage function whose handler does what the test says. */
  private final class TestFunction extends StageFunction {
    TestFunction(StageHandler handler) {
      super(Stage.NOTEBOOK, ENV, CLOCK, factory(handler));
    }
  }

  private StageHandler.Factory factory(StageHandler handler) {
    return StageHandler.Factory.of(
        Set.of(),
        (s, env, a, c) -> {
          return (m, log) -> {
            calls.incrementAndGet();
            return handler.handle(m, log);
          };
        });
  }

  @Test
  void accept_validMessage_runsStageOnceAndLogsStartAndSuccess() throws Exception {
    List<RunMessage> seen = new java.util.ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      new TestFunction(
              (m, log) -> {
                seen.add(m);
                return Map.of();
              })
          .accept(PubSubEvents.of(RUN, "m1", NOW));

      assertEquals(List.of(RUN), seen);
      assertEquals(
          List.of("stage started", "stage succeeded"),
          logs.records().stream().map(r -> r.getMessage()).toList());
      assertEquals("2026-11-25-run", logs.fields(logs.records().get(1)).get("run_id"));
      assertEquals("notebook", logs.fields(logs.records().get(1)).get("stage"));
    }
  }

  @Test
  void accept_invalidMessage_isAcknowledgedWithOneErrorNamingTheMessage() {
    try (LogCapture logs = new LogCapture()) {
      assertDoesNotThrow(
          () ->
              new TestFunction((m, log) -> Map.of())
                  .accept(
                      PubSubEvents.withData(
                          "{\"run_date\":\"yesterday\"}", Map.of(), "m-bad", NOW)));

      assertEquals(0, calls.get());
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
    try (LogCapture logs = new LogCapture()) {
      assertDoesNotThrow(
          () ->
              new TestFunction(
                      (m, log) -> {
                        throw new StageFailedException("notebook raised ValueError");
                      })
                  .accept(PubSubEvents.of(RUN, "m1", NOW)));

      assertEquals("failed", logs.fields(logs.errors().get(0)).get(StageFunction.OUTCOME));
      assertTrue(logs.errors().get(0).getMessage().endsWith("notebook raised ValueError"));
    }
  }

  @Test
  void accept_notDoneYetOrTransient_throwsForRedelivery() {
    assertThrows(
        RetryLaterException.class,
        () ->
            new TestFunction(
                    (m, log) -> {
                      throw new RetryLaterException("still running");
                    })
                .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(60))));
    assertThrows(
        java.io.IOException.class,
        () ->
            new TestFunction(
                    (m, log) -> {
                      throw new java.io.IOException("503 from upstream");
                    })
                .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(60))));
  }

  @Test
  void accept_failingEventOlderThanMaxAge_isDroppedWithAnError() {
    try (LogCapture logs = new LogCapture()) {
      assertDoesNotThrow(
          () ->
              new TestFunction(
                      (m, log) -> {
                        throw new RetryLaterException("still running");
                      })
                  .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(3601))));

      assertEquals("dropped", logs.fields(logs.errors().get(0)).get(StageFunction.OUTCOME));
      assertTrue(
          logs.errors()
              .get(0)
              .getMessage()
              .startsWith("dropped after retrying for 60 min (limit 60 min)"));
    }
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
                    factory((m, l) -> Map.of())) {});

    assertEquals(3, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).startsWith("CRADLE_TIME_ZONE='Nowhere'"));
    assertEquals("CRADLE_ARTIFACTS_URI is not set", e.problems().get(1));
    assertTrue(
        e.problems()
            .get(2)
            .startsWith("CRADLE_PROFILE='cloud' has no adapters for the analyze stage"));
  }
}

package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.config.ConfigException;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import cradle.shared.port.RunEvents;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The run events (and their log lines) every way a delivery can end: what operators query. */
class StageFunctionEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, String> ENV =
      Map.of(
          "CRADLE_PROFILE",
          "recording",
          "CRADLE_ARTIFACTS_URI",
          "gs://bucket",
          "CRADLE_MAX_EVENT_AGE_SECONDS",
          "3600");
  private static final RunMessage RUN =
      RunMessage.start("2026-11-25-run", LocalDate.parse("2026-11-25"), Stage.PUBLISH);

  private final List<RunEvent> events = new CopyOnWriteArrayList<>();

  /** A profile handed in directly, whose run events land in {@link #events}. */
  private Profile profile(RunEvents sink) {
    return Profile.of(
        "recording",
        Set.of(),
        env -> PortAdapters.builder().handOff(m -> "h").events(sink).build());
  }

  private StageFunction function(StageHandler handler) {
    return function(handler, events::add);
  }

  private StageFunction function(StageHandler handler, RunEvents sink) {
    StageHandler.Factory factory =
        StageHandler.Factory.of(
            Set.of(),
            (s, env, a, c) -> {
              return handler;
            });
    return new StageFunction(Stage.PUBLISH, ENV, CLOCK, factory, profile(sink)) {};
  }

  private List<RunEvent.Kind> kinds() {
    return events.stream().map(RunEvent::event).toList();
  }

  @Test
  void success_emitsStartedThenSucceeded_withTheRunMessageAndCounts() throws Exception {
    function((m, log) -> Map.of("reports", 3)).accept(PubSubEvents.of(RUN, "m1", NOW));

    assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.SUCCEEDED), kinds());
    RunEvent done = events.get(1);
    assertEquals("publish", done.stage());
    assertEquals("2026-11-25-run", done.runId());
    assertEquals("2026-11-25", done.runDate());
    assertEquals("m1", done.messageId());
    assertEquals(NOW, done.at());
    assertEquals(0L, done.durationMs());
    assertNull(done.reason());
    assertEquals(Map.of("reports", 3), done.counts());
    assertNull(events.get(0).durationMs());
  }

  @Test
  void superseded_isASuccessWithItsNote_inTheLogAndTheEvent() throws Exception {
    StageHandler handler =
        new StageHandler() {
          @Override
          public Map<String, Object> handle(RunMessage message, Log log) {
            throw new AssertionError("run() is what the function calls");
          }

          @Override
          public StageOutcome run(RunMessage message, Log log) {
            return StageOutcome.superseded("2026-11-26 is published", Map.of("reports", 0));
          }
        };
    try (LogCapture logs = new LogCapture()) {
      function(handler).accept(PubSubEvents.of(RUN, "m1", NOW));

      assertEquals(
          List.of("stage started", "stage superseded: 2026-11-26 is published"),
          logs.records().stream().map(LogRecord::getMessage).toList());
      assertEquals(0, logs.errors().size());
    }
    assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.SUPERSEDED), kinds());
    assertEquals("2026-11-26 is published", events.get(1).reason());
  }

  @Test
  void invalidMessage_emitsOnlyInvalid_withTheMessageIdAndNoRun() throws Exception {
    function((m, log) -> Map.of())
        .accept(PubSubEvents.withData("{\"run_date\":\"soon\"}", Map.of(), "m-bad", NOW));

    assertEquals(List.of(RunEvent.Kind.INVALID), kinds());
    RunEvent e = events.get(0);
    assertEquals("m-bad", e.messageId());
    assertEquals("publish", e.stage());
    assertNull(e.runId());
    assertTrue(e.reason().contains("run_date: 'soon' is not a date"), e.reason());
  }

  @Test
  void notAnEnvelope_isInvalidUnderTheEventsId() throws Exception {
    function((m, log) -> Map.of()).accept(PubSubEvents.envelope("[]", "ev-7", NOW));

    assertEquals(List.of(RunEvent.Kind.INVALID), kinds());
    assertEquals("ev-7", events.get(0).messageId());
  }

  @Test
  void permanentFailure_emitsFailedWithTheReason() {
    assertDoesNotThrow(
        () ->
            function(
                    (m, log) -> {
                      throw new StageFailedException("notebook raised ValueError");
                    })
                .accept(PubSubEvents.of(RUN, "m1", NOW)));

    assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.FAILED), kinds());
    assertEquals("notebook raised ValueError", events.get(1).reason());
  }

  @Test
  void retry_emitsRetrying_andLogsContentionAndFaultsAsWarnings_waitingAsInfo() {
    record Case(Exception thrown, Level level, String message) {}
    List<Case> cases =
        List.of(
            new Case(new RetryLaterException("job running"), Level.INFO, "will retry: job running"),
            new Case(
                RetryLaterException.contended("lease held"),
                Level.WARNING,
                "will retry: lease held"),
            new Case(
                new IOException("503"),
                Level.WARNING,
                "failed, will retry: java.io.IOException: 503"));
    for (Case c : cases) {
      events.clear();
      try (LogCapture logs = new LogCapture()) {
        Exception thrown =
            assertThrows(
                Exception.class,
                () ->
                    function(
                            (m, log) -> {
                              throw c.thrown();
                            })
                        .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(3600))));

        assertEquals(c.thrown(), thrown);
        LogRecord last = logs.records().get(logs.records().size() - 1);
        assertEquals(c.message(), last.getMessage());
        assertEquals(c.level(), last.getLevel());
      }
      assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.RETRYING), kinds());
      assertEquals(c.thrown().getMessage(), events.get(1).reason());
    }
  }

  @Test
  void retryPastTheMaximumAge_emitsDropped() throws Exception {
    function(
            (m, log) -> {
              throw new RetryLaterException("job running");
            })
        .accept(PubSubEvents.of(RUN, "m1", NOW.minusSeconds(3601)));

    assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.DROPPED), kinds());
    assertEquals("job running", events.get(1).reason());
  }

  @Test
  void failureWithoutMessage_isReportedByItsType() throws Exception {
    function(
            (m, log) -> {
              throw new IllegalStateException();
            })
        .accept(PubSubEvents.of(RUN, "m1", NOW));

    assertEquals(List.of(RunEvent.Kind.STARTED, RunEvent.Kind.FAILED), kinds());
    assertEquals("java.lang.IllegalStateException", events.get(1).reason());
  }

  @Test
  void lostEvents_areLoggedAsWarnings_andTheStageStillSucceeds() throws Exception {
    RunEvents broken =
        e -> {
          throw new IllegalStateException("events topic gone");
        };
    try (LogCapture logs = new LogCapture()) {
      function((m, log) -> Map.of(), broken).accept(PubSubEvents.of(RUN, "m1", NOW));

      List<LogRecord> lost =
          logs.records().stream()
              .filter(r -> r.getMessage().equals("run event lost: events topic gone"))
              .toList();
      assertEquals(2, lost.size());
      assertEquals(Level.WARNING, lost.get(0).getLevel());
      assertTrue(((String) logs.fields(lost.get(1)).get("run_event")).contains("\"succeeded\""));
      assertTrue(logs.records().stream().anyMatch(r -> r.getMessage().equals("stage succeeded")));
    }
  }

  @Test
  void environmentRead_namesEveryVariableTheFunctionAskedFor() {
    Set<String> read = function((m, log) -> Map.of()).environmentRead();

    assertTrue(
        read.containsAll(
            Set.of(
                "CRADLE_PROFILE",
                "CRADLE_TIME_ZONE",
                "CRADLE_ARTIFACTS_URI",
                "CRADLE_MAX_RUN_AGE_DAYS",
                "CRADLE_MAX_EVENT_AGE_SECONDS")),
        read.toString());
  }

  @Test
  void badConfiguration_isOneErrorLineNamingTheStage() {
    try (LogCapture logs = new LogCapture()) {
      assertThrows(
          ConfigException.class,
          () ->
              new StageFunction(
                  Stage.AWAIT,
                  Map.of("CRADLE_PROFILE", "recording"),
                  CLOCK,
                  new StageHandler.Factory() {
                    @Override
                    public Set<Class<?>> ports() {
                      return Set.of();
                    }

                    @Override
                    public StageHandler create(Settings s, Env env, Profile.Adapters a, Clock c) {
                      return (m, log) -> Map.of();
                    }
                  },
                  profile(events::add)) {});

      assertEquals(1, logs.errors().size());
      assertTrue(
          logs.errors().get(0).getMessage().contains("CRADLE_ARTIFACTS_URI is not set"),
          logs.errors().get(0).getMessage());
      assertEquals("await", logs.fields(logs.errors().get(0)).get("stage"));
    }
  }
}

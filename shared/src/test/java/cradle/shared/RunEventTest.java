package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.testing.RunEventSamples;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunEventTest {
  private static final Instant AT = Instant.parse("2026-11-26T23:00:00Z");

  @Test
  void toJson_fromJson_roundTrips_withTheKindsId() {
    RunEvent e =
        RunEventSamples.superseded(
            AT, 1200L, "the database shows a later run", Map.of("reports", 0L));

    String json = e.toJson();

    assertEquals(
        "{\"event\":\"superseded\",\"stage\":\"publish\",\"run_id\":\"run-a\","
            + "\"run_date\":\"2026-11-25\",\"message_id\":\"m-1\",\"at\":\"2026-11-26T23:00:00Z\","
            + "\"duration_ms\":1200,\"reason\":\"the database shows a later run\","
            + "\"counts\":{\"reports\":0}}",
        json);
    RunEvent back = RunEvent.fromJson(json);
    assertEquals(json, back.toJson(), "every field read back");
    assertEquals(e.event(), back.event());
    assertEquals(0L, ((Number) back.counts().get("reports")).longValue());
    assertEquals(
        Map.of(
            "event", "superseded", "stage", "publish", "run_id", "run-a", "run_date", "2026-11-25"),
        e.attributes());
  }

  @Test
  void invalidEvent_withoutRun_leavesOutWhatItDoesNotKnow() {
    RunEvent e =
        new RunEvent(
            RunEvent.Kind.INVALID, "notebook", null, null, "m-2", AT, null, null, null, null);

    String json = e.toJson();

    assertFalse(json.contains("duration_ms") || json.contains("reason") || json.contains("counts"));
    RunEvent back = RunEvent.fromJson(json);
    assertEquals(null, back.runId());
    assertEquals(null, back.durationMs());
    assertEquals(Map.of(), back.counts());
    assertEquals(Map.of("event", "invalid", "stage", "notebook"), e.attributes());
  }

  @Test
  void kinds_failuresAreTheOnesThatEndARunBadly() {
    for (RunEvent.Kind k : RunEvent.Kind.values()) {
      assertEquals(k, RunEvent.Kind.fromId(k.id()));
      assertEquals(
          k == RunEvent.Kind.FAILED || k == RunEvent.Kind.DROPPED || k == RunEvent.Kind.INVALID,
          k.failure(),
          k.id());
    }
    assertThrows(IllegalArgumentException.class, () -> RunEvent.Kind.fromId("exploded"));
  }

  @Test
  void stageOutcome_isSucceededOrSuperseded_only() {
    assertEquals(RunEvent.Kind.SUCCEEDED, StageOutcome.succeeded(Map.of()).kind());
    StageOutcome s = StageOutcome.superseded("later run", null);
    assertEquals(RunEvent.Kind.SUPERSEDED, s.kind());
    assertEquals("later run", s.note());
    assertEquals(Map.of(), s.counts());
    assertThrows(
        IllegalArgumentException.class,
        () -> new StageOutcome(RunEvent.Kind.FAILED, "no", Map.of()));
  }
}

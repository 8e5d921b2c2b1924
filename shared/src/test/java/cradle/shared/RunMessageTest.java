package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMessageTest {
  private static final LocalDate DATE = LocalDate.of(2026, 11, 25);
  private static final Instant STARTED = Instant.parse("2026-11-26T01:00:00Z");

  @Test
  void start_isAFirstAttemptOfTheCurrentVersion_withNothingProducedYet() {
    RunMessage m = RunMessage.start("r-1", DATE, Stage.NOTEBOOK);

    assertEquals(new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, Map.of(), false, null), m);
  }

  @Test
  void handOff_addsWhatTheStageProduced_resetsTheAttempt_keepsForceAndStart() {
    RunMessage retried =
        new RunMessage(
            1,
            "r-1",
            DATE,
            Stage.NOTEBOOK,
            3,
            Map.of("analysis", "a/", "notebook", "old"),
            true,
            STARTED);

    RunMessage next = retried.handOff(Stage.AWAIT, Map.of("notebook", "new", "execution", "e"));

    assertEquals(Stage.AWAIT, next.stage());
    assertEquals(1, next.attempt());
    assertTrue(next.force());
    assertEquals(STARTED, next.startedAt());
    assertEquals(Map.of("analysis", "a/", "notebook", "new", "execution", "e"), next.artifacts());
    assertEquals("new", next.artifact("notebook"));
    assertNull(next.artifact("report"));
  }

  @Test
  void artifacts_areACopy_thatTheSenderCannotChangeLater() {
    Map<String, String> artifacts = new HashMap<>(Map.of("analysis", "a/"));
    RunMessage m = new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, artifacts, false);
    artifacts.put("analysis", "elsewhere/");

    assertEquals("a/", m.artifact("analysis"));
    assertEquals(
        Map.of(), new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, null, false).artifacts());
  }

  @Test
  void badFields_areRefusedNamingThem() {
    assertEquals(
        "version 2 is not 1",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RunMessage(2, "r-1", DATE, Stage.ANALYZE, 1, Map.of(), false))
            .getMessage());
    assertEquals(
        "attempt must be at least 1: 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RunMessage(1, "r-1", DATE, Stage.ANALYZE, 0, Map.of(), false))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RunMessage(1, "R_1", DATE, Stage.ANALYZE, 1, Map.of(), false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RunMessage(1, "r".repeat(64), DATE, Stage.ANALYZE, 1, Map.of(), false));
    assertEquals(
        "r".repeat(63),
        new RunMessage(1, "r".repeat(63), DATE, Stage.ANALYZE, 1, Map.of(), false).runId());
  }
}

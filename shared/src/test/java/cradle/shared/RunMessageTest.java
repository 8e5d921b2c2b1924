package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    assertEquals(
        new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, Map.of(), false, null, null, null), m);
  }

  @Test
  void handOff_addsWhatTheStageProduced_resetsTheAttempt_keepsForceAndStart() {
    RunMessage retried =
        RunMessage.start("r-1", DATE, Stage.NOTEBOOK)
            .withAttempt(3)
            .withArtifacts(Map.of("analysis", "a/", "notebook", "old"))
            .withForce(true)
            .withStartedAt(STARTED);

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
  void withers_setTheirOwnComponent_andKeepEveryOther() {
    RunMessage m =
        new RunMessage(
            1,
            "r-1",
            DATE,
            Stage.PUBLISH,
            2,
            Map.of("report", "r/"),
            true,
            STARTED,
            "a0000000f",
            1);

    // each: the component is set, and setting it back gives the message itself
    assertEquals(5, m.withAttempt(5).attempt());
    assertEquals(m, m.withAttempt(5).withAttempt(2));
    assertFalse(m.withForce(false).force());
    assertEquals(m, m.withForce(false).withForce(true));
    assertNull(m.withStartedAt(null).startedAt());
    assertEquals(m, m.withStartedAt(null).withStartedAt(STARTED));
    assertNull(m.withRequest(null).request());
    assertEquals(m, m.withRequest(null).withRequest("a0000000f"));
    assertNull(m.forShard(null).shard());
    assertEquals(m, m.forShard(null).forShard(1));
    assertEquals(
        Map.of("report", "r2/", "execution", "e"),
        m.withArtifacts(Map.of("report", "r2/", "execution", "e")).artifacts());
    assertEquals(m, m.withArtifacts(Map.of("report", "r2/")).withArtifacts(Map.of("report", "r/")));
  }

  @Test
  void artifacts_areACopy_thatTheSenderCannotChangeLater() {
    Map<String, String> artifacts = new HashMap<>(Map.of("analysis", "a/"));
    RunMessage m =
        new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, artifacts, false, null, null, null);
    artifacts.put("analysis", "elsewhere/");

    assertEquals("a/", m.artifact("analysis"));
    assertEquals(
        Map.of(),
        new RunMessage(1, "r-1", DATE, Stage.NOTEBOOK, 1, null, false, null, null, null)
            .artifacts());
  }

  @Test
  void badFields_areRefusedNamingThem() {
    assertEquals(
        "version 2 is not 1",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new RunMessage(
                        2, "r-1", DATE, Stage.ANALYZE, 1, Map.of(), false, null, null, null))
            .getMessage());
    assertEquals(
        "attempt must be at least 1: 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> RunMessage.start("r-1", DATE, Stage.ANALYZE).withAttempt(0))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> RunMessage.start("R_1", DATE, Stage.ANALYZE));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunMessage.start("r".repeat(64), DATE, Stage.ANALYZE));
    assertEquals("r".repeat(63), RunMessage.start("r".repeat(63), DATE, Stage.ANALYZE).runId());
  }
}

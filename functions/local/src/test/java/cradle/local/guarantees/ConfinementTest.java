package cradle.local.guarantees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.functions.CloudEventsFunction;
import cradle.await.AwaitFunction;
import cradle.local.FileRunEvents;
import cradle.local.Workspace;
import cradle.notebook.NotebookFunction;
import cradle.publish.PublishFunction;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message can point a stage only at its own run's artifacts: a foreign URI in publish, notebook
 * or await messages is an invalid message (one ERROR naming the field, an invalid event,
 * acknowledged), and nothing is read or written there.
 */
class ConfinementTest {
  private static final Instant NOW = Instant.parse("2026-11-26T23:00:00Z");
  private static final LocalDate DAY = LocalDate.parse("2026-11-26");

  @TempDir Path dir;

  @Test
  void foreignArtifacts_inPublishNotebookAndAwaitMessages_areInvalid_andTouchNothing()
      throws Exception {
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    Map<String, String> env = ws.environment(Map.of());
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep me");
    // an attacker's rows in the same bucket, in another run's folder
    Path foreignRows = ws.bucket().resolve("runs/" + DAY + "/run-evil/report/report.jsonl");
    Files.createDirectories(foreignRows.getParent());
    Files.writeString(foreignRows, "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"x\":1}\n");
    String own = ws.bucket().toUri().toString().replaceAll("/$", "") + "/runs/" + DAY + "/run-1/";

    record Case(CloudEventsFunction function, Stage stage, String artifact, String uri) {}
    List<Case> cases =
        List.of(
            new Case(
                new PublishFunction(env, clock),
                Stage.PUBLISH,
                "report",
                foreignRows.getParent().toUri().toString()),
            new Case(
                new PublishFunction(env, clock),
                Stage.PUBLISH,
                "report",
                own + "../run-evil/report/"),
            new Case(
                NotebookFunction.ENTRY.instance(env, clock),
                Stage.NOTEBOOK,
                "notebook",
                victim.toUri().toString()),
            new Case(
                AwaitFunction.ENTRY.instance(env, clock),
                Stage.AWAIT,
                "execution",
                victim.toUri().toString()),
            new Case(
                AwaitFunction.ENTRY.instance(env, clock),
                Stage.AWAIT,
                "report",
                own.replace("run-1", "run-12") + "report/"));

    try (LogCapture logs = new LogCapture()) {
      for (Case c : cases) {
        RunMessage m =
            RunMessage.start("run-1", DAY, c.stage()).withArtifacts(Map.of(c.artifact(), c.uri()));
        int errorsBefore = logs.errors().size();

        c.function().accept(PubSubEvents.of(m, "m-" + c.artifact(), NOW));

        List<LogRecord> errors = logs.errors().subList(errorsBefore, logs.errors().size());
        assertEquals(1, errors.size(), c.toString());
        assertTrue(
            errors.get(0).getMessage().contains("artifacts." + c.artifact() + ": must"),
            errors.get(0).getMessage());
      }
    }
    List<RunEvent> events = new FileRunEvents(ws.out().resolve("events.jsonl")).read();
    assertEquals(cases.size(), events.size(), events.toString());
    assertTrue(events.stream().allMatch(e -> e.event() == RunEvent.Kind.INVALID));
    assertEquals("keep me", Files.readString(victim));
    assertFalse(Files.exists(ws.database()), "publish wrote nothing");
  }
}

package cradle.local.guarantees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.FileRunEvents;
import cradle.local.Workspace;
import cradle.publish.PublishFunction;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.PubSubEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantees of publish on the local profile: duplicates, the shrink guard, force, stale reports.
 */
class PublishGuaranteesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-25");
  private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");

  @TempDir Path dir;

  private Workspace ws() {
    return new Workspace(dir.resolve("data"), dir.resolve("out"));
  }

  /** Writes a run's report rows: babies u<from>..u<to-1>, each tagged with the run. */
  private void reports(String runId, int from, int to, String... extraLines) throws Exception {
    Path file = ws().bucket().resolve("runs/" + DAY + "/" + runId + "/report/report.jsonl");
    Files.createDirectories(file.getParent());
    StringBuilder rows = new StringBuilder();
    IntStream.range(from, to)
        .forEach(
            i ->
                rows.append("{\"user_id\":\"u")
                    .append(i)
                    .append("\",\"baby_id\":\"b1\",\"sleep_min\":")
                    .append(600 + i)
                    .append(",\"run_id\":\"")
                    .append(runId)
                    .append("\"}\n"));
    for (String extra : extraLines) {
      rows.append(extra).append('\n');
    }
    Files.writeString(file, rows.toString());
  }

  private void publish(String runId, boolean force) throws Exception {
    RunMessage m = new RunMessage(1, runId, DAY, Stage.PUBLISH, 1, Map.of(), force);
    new PublishFunction(ws().environment(Map.of()), Clock.fixed(NOW, ZoneOffset.UTC))
        .accept(PubSubEvents.of(m, "m-" + runId + force, NOW));
  }

  private JsonObject database() throws Exception {
    return JsonParser.parseString(Files.readString(ws().database())).getAsJsonObject();
  }

  private List<String> events() throws Exception {
    return new FileRunEvents(ws().out().resolve("events.jsonl"))
        .read().stream()
            .map(e -> e.event().id() + (e.reason() == null ? "" : ": " + e.reason()))
            .toList();
  }

  @Test
  void sameRunDeliveredTwice_leavesTheSameDatabase() throws Exception {
    reports("run-a", 0, 50);
    publish("run-a", false);
    String once = Files.readString(ws().database());

    publish("run-a", false);

    assertEquals(once, Files.readString(ws().database()));
  }

  @Test
  void sharpShrink_isRefused_theDatabaseUntouched_andAFailureEventRaised() throws Exception {
    reports("run-a", 0, 100);
    publish("run-a", false);
    String before = Files.readString(ws().database());
    reports("run-b", 0, 70);

    publish("run-b", false);

    assertEquals(before, Files.readString(ws().database()));
    String last = events().get(events().size() - 1);
    assertTrue(
        last.startsWith("failed: refusing to publish 70 reports against 100 last time (30% fewer,"),
        last);
  }

  @Test
  void forcedShrink_publishes_andRemovesTheBabiesNoLongerReported() throws Exception {
    reports("run-a", 0, 100);
    publish("run-a", false);
    reports("run-b", 0, 70);

    publish("run-b", true);

    JsonObject db = database();
    assertEquals(70, db.getAsJsonObject("reports").size());
    assertEquals(
        "run-b",
        db.getAsJsonObject("reports")
            .getAsJsonObject("u69")
            .getAsJsonObject("b1")
            .get("run_id")
            .getAsString());
    assertEquals(30, db.getAsJsonObject("reports_meta").get("removed").getAsInt());
    assertEquals(true, db.getAsJsonObject("reports_meta").get("forced").getAsBoolean());
  }

  @Test
  void emptyReport_isRefused_evenTheFirstTime() throws Exception {
    reports("run-a", 0, 0, "{\"user_id\":\"a/b\",\"baby_id\":\"b1\"}");

    publish("run-a", false);

    assertTrue(!Files.exists(ws().database()) || !database().has("reports"));
    assertTrue(
        events()
            .get(events().size() - 1)
            .startsWith("failed: refusing to publish an empty report"));
  }

  @Test
  void staleReports_areRemovedOnlyWhenTheRunIsHealthy() throws Exception {
    reports("run-a", 0, 100);
    publish("run-a", false);
    // 95 good rows and one the database cannot hold: u99's absence proves nothing
    reports("run-b", 0, 95, "{\"user_id\":\"u99\",\"baby_id\":\"b.1\",\"sleep_min\":1}");

    publish("run-b", false);

    JsonObject db = database();
    assertEquals(
        100,
        db.getAsJsonObject("reports").size(),
        "nothing removed after a run with rejected rows");
    assertEquals(1, db.getAsJsonObject("reports_meta").get("rejected").getAsInt());

    reports("run-c", 0, 95);
    publish("run-c", false);

    assertEquals(
        95,
        database().getAsJsonObject("reports").size(),
        "a healthy run removes the 5 absent babies");
    assertEquals(5, database().getAsJsonObject("reports_meta").get("removed").getAsInt());
  }

  @Test
  void valuesTheDatabaseCannotHold_areRejectedWithCounts_neverHalfWritten() throws Exception {
    reports(
        "run-a",
        0,
        10,
        "{\"user_id\":\"u10\",\"baby_id\":\"b1\",\"sleep_min\":1e999}",
        "{\"user_id\":\"u11\",\"baby_id\":\"b1\",\"bad$key\":1}");

    publish("run-a", false);

    JsonObject db = database();
    assertEquals(10, db.getAsJsonObject("reports").size());
    assertTrue(
        !db.getAsJsonObject("reports").has("u10") && !db.getAsJsonObject("reports").has("u11"));
    assertEquals(2, db.getAsJsonObject("reports_meta").get("rejected").getAsInt());
    RunEvent succeeded =
        new FileRunEvents(ws().out().resolve("events.jsonl"))
            .read().stream()
                .filter(e -> e.event() == RunEvent.Kind.SUCCEEDED)
                .findFirst()
                .orElseThrow();
    assertEquals(2, ((Number) succeeded.counts().get("rejected")).intValue());
  }
}

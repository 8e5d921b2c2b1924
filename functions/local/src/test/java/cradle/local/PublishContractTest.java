package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish holds the notebook's rows to report.schema.json: a whole local run publishes every
 * report, and a row that breaks the contract (here a count written as a fraction, as a batch with
 * nulls once made pandas write it) is rejected and counted, never written.
 */
class PublishContractTest {
  @TempDir Path dir;

  @Test
  void rowBreakingTheContract_isRejectedAndCounted_theOthersPublished() throws Exception {
    LocalDate runDate = HandBuiltWorkspace.RUN_DATE;
    List<Event> events = new ArrayList<>();
    for (int k = 13; k >= 0; k--) {
      events.addAll(HandBuiltBabiesTest.day("u1/b1", runDate.minusDays(k), 2, 90));
    }
    HandBuiltWorkspace local =
        new HandBuiltWorkspace(dir, List.of(new Baby("u1", "b1", runDate.minusMonths(6))), events);

    local.run(RunMessage.start("contract-1", runDate, Stage.ANALYZE));
    assertEquals(0, meta(local).get("rejected").getAsInt());

    Path report = local.ws.runReport(local.runFolder("contract-1")).orElseThrow();
    JsonObject broken = JsonParser.parseString(Files.readAllLines(report).get(0)).getAsJsonObject();
    broken.addProperty("baby_id", "b2");
    broken.getAsJsonObject("today").addProperty("feeds", 4.5);
    Files.writeString(report, broken + "\n", StandardOpenOption.APPEND);
    local.pipeline.run(
        RunMessage.start("contract-1", runDate, Stage.PUBLISH).withForce(true), r -> {});

    JsonObject meta = meta(local);
    assertEquals(1, meta.get("reports").getAsInt());
    assertEquals(1, meta.get("rejected").getAsInt());
    JsonObject user = local.database().getAsJsonObject("reports").getAsJsonObject("u1");
    assertTrue(user.has("b1"));
    assertFalse(user.has("b2"), "the broken row is never written");
  }

  /**
   * A notebook that writes a field report.schema.json does not define, in 4 of 5 reports (the fifth
   * has a bad key): publish says so, with the count and the first row that breaks the contract in
   * the schema's own words, and writes nothing; no talk of a shrink or of forcing.
   */
  @Test
  void mostRowsBreakingTheContract_isReportedAsAContractFailure_notAShrink() throws Exception {
    LocalDate runDate = HandBuiltWorkspace.RUN_DATE;
    List<Baby> babies = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    for (int b = 1; b <= 5; b++) {
      babies.add(new Baby("u" + b, "b1", runDate.minusMonths(6)));
      for (int k = 13; k >= 0; k--) {
        events.addAll(HandBuiltBabiesTest.day("u" + b + "/b1", runDate.minusDays(k), 2, 90));
      }
    }
    HandBuiltWorkspace local = new HandBuiltWorkspace(dir, babies, events);
    local.run(RunMessage.start("contract-a", runDate, Stage.ANALYZE));
    JsonObject published = local.database();

    List<String> rows =
        Files.readAllLines(local.ws.runReport(local.runFolder("contract-a")).orElseThrow());
    StringBuilder next = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = JsonParser.parseString(rows.get(i)).getAsJsonObject();
      row.addProperty("run_id", "contract-b");
      if (i > 0) {
        row.getAsJsonObject("last_7_days").addProperty("avg_longest_sleep_min", 300);
      } else {
        // the first row rejected is no contract failure: "first:" must skip it
        row.addProperty("baby_id", "b/1");
      }
      next.append(row).append('\n');
    }
    Path report = local.runFolder("contract-b").resolve("report/report.jsonl");
    Files.createDirectories(report.getParent());
    Files.writeString(report, next);
    List<LocalPipeline.StageResult> second =
        local.pipeline.run(
            RunMessage.start("contract-b", runDate, Stage.PUBLISH)
                .withStartedAt(Clock.systemUTC().instant()),
            r -> {});

    LocalPipeline.StageResult publish = second.get(second.size() - 1);
    assertFalse(publish.ok());
    String error = publish.error();
    assertTrue(
        error.startsWith(
            "stage failed, not retried: 4 of 5 rows fail the report contract (report.schema.json);"
                + " first: "),
        error);
    assertTrue(
        error.contains(
            "; first: "
                + report.toUri()
                + " line 2: $.last_7_days: property 'avg_longest_sleep_min' is not defined in the"
                + " schema and the schema does not allow additional properties;"),
        error);
    assertFalse(error.contains("force"), error);
    assertFalse(error.contains("shrink") || error.contains("refusing"), error);
    assertEquals(published, local.database(), "nothing written");
  }

  private static JsonObject meta(HandBuiltWorkspace local) throws Exception {
    return local.database().getAsJsonObject("reports_meta");
  }
}

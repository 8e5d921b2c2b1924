package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Event;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first nights after go-live, end to end on the local profile: the analysis rows leave out
 * every column that is null for every baby (as BigQuery's extract does: no birth dates, nothing in
 * the week before, no diapers), and the notebook still reads them against the analysis schema and
 * publish writes every report.
 */
class FirstWeekEndToEndTest {
  @TempDir Path dir;

  @Test
  void columnsAbsentForEveryBaby_stillMakeEveryReport() throws Exception {
    LocalDate runDate = HandBuiltWorkspace.RUN_DATE;
    List<Event> events = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      LocalDate d = runDate.minusDays(k);
      events.add(ReportRun.feed("u1/b1", d + "T09:00", "bottle", 120));
      events.add(ReportRun.sleep("u2/b1", d + "T13:00", d + "T14:00"));
    }
    HandBuiltWorkspace local = new HandBuiltWorkspace(dir, List.of(), events);

    local.run(RunMessage.start("first-week-1", runDate, Stage.ANALYZE));

    Path run = local.runFolder("first-week-1");
    List<String> lines;
    try (Stream<Path> shards = Files.list(local.ws.runAnalysis(run))) {
      lines =
          Files.readAllLines(
              shards.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow());
    }
    assertEquals(2, lines.size());
    for (String line : lines) {
      JsonObject row = JsonParser.parseString(line).getAsJsonObject();
      for (String absent :
          List.of("birth_date", "age_days", "avg_sleep_min_prev_7d", "days_since_dirty")) {
        assertFalse(row.has(absent), absent + " in " + line);
      }
    }
    JsonObject reports = local.database().getAsJsonObject("reports");
    assertEquals(2, reports.size());
    assertEquals(1, reports.getAsJsonObject("u2").size());
    JsonObject b1 = reports.getAsJsonObject("u1").getAsJsonObject("b1");
    assertEquals("not_enough_data", status(b1));
    assertFalse(b1.has("age_days"), "unknown, so absent");
  }

  private static String status(JsonObject report) {
    return report.getAsJsonObject("sleep_norm").get("status").getAsString();
  }
}

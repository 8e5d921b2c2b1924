package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Event;
import cradle.local.generate.GenerationSpec;
import cradle.local.generate.Logging;
import cradle.local.generate.RecordedLog;
import cradle.shared.port.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis SQL, unchanged, on embedded DuckDB: its export as BigQuery writes it, re-runs, and a
 * generated complete log recounted in Java. (The hygiene and completeness rules are in {@link
 * HandBuiltBabiesTest}.)
 */
class AnalysisOnDuckDbTest {
  private static final LocalDate RUN = LocalDate.parse("2026-11-25");

  @TempDir Path dir;

  private Path db() {
    return dir.resolve("warehouse.duckdb");
  }

  private Map<String, JsonObject> analyze() throws Exception {
    Warehouse.Result result = ReportRun.analyze(db(), dir.resolve("export"), RUN);
    Map<String, JsonObject> rows = new HashMap<>();
    for (String line : Files.readAllLines(FileBlobStore.path(result.shards().get(0)))) {
      JsonObject row = JsonParser.parseString(line).getAsJsonObject();
      rows.put(row.get("user_id").getAsString() + "/" + row.get("baby_id").getAsString(), row);
    }
    assertEquals(result.rows(), rows.size());
    return rows;
  }

  @Test
  void export_leavesOutNullColumns_andWritesInt64AsStrings() throws Exception {
    // the first week after go-live: no birth dates, nothing before the last 3 days, no diapers
    List<Event> e = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      e.add(ReportRun.feed("u1/b1", RUN.minusDays(k) + "T09:00", "bottle", 120));
      e.add(ReportRun.feed("u2/b1", RUN.minusDays(k) + "T10:00", "breast", 0));
    }
    ReportRun.load(db(), dir, List.of(), e);

    Map<String, JsonObject> rows = analyze();

    for (JsonObject row : rows.values()) {
      for (String absent :
          List.of(
              "birth_date",
              "age_days",
              "avg_sleep_min_7d",
              "avg_sleep_min_prev_7d",
              "avg_feeds_prev_7d",
              "days_since_dirty")) {
        assertFalse(row.has(absent), absent + " is null for every baby, so absent: " + row);
      }
      assertTrue(row.get("days_logged_7d").getAsJsonPrimitive().isString(), "INT64: " + row);
      assertEquals("3", row.get("days_logged_7d").getAsString());
      JsonArray feeds = row.getAsJsonArray("day_feeds");
      assertEquals("[\"1\",\"1\",\"1\"]", feeds.toString());
    }
  }

  @Test
  void warehouseOfAnOlderVersion_getsItsReportTableMadeAgain() throws Exception {
    ReportRun.load(
        db(), dir, List.of(), List.of(ReportRun.sleep("u/b", RUN + "T09:00", RUN + "T10:00")));
    try (Connection c = DuckDbWarehouse.connect(db());
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE report_inputs (report_date DATE, user_id VARCHAR, baby_id VARCHAR,"
              + " sleep_min DOUBLE)");
      s.execute("INSERT INTO report_inputs VALUES (DATE '2026-11-24', 'u', 'b', 60.0)");
    }

    Map<String, JsonObject> rows = analyze();

    assertEquals(1, rows.size());
    assertEquals("[\"60\"]", rows.get("u/b").getAsJsonArray("day_sleep_min").toString());
  }

  @Test
  void rerun_replacesTheDatePartition() throws Exception {
    ReportRun.load(
        db(), dir, List.of(), List.of(ReportRun.sleep("u/b", RUN + "T09:00", RUN + "T10:00")));

    analyze();
    analyze();

    try (Connection c = DuckDbWarehouse.connect(db());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM report_inputs WHERE report_date = DATE '2026-11-25'")) {
      rs.next();
      assertEquals(1, rs.getLong(1));
    }
  }

  @Test
  void generatedCompleteLog_dailySeriesMatchAJavaRecount() throws Exception {
    GenerationSpec spec = new GenerationSpec(40, 14, 7, RUN, ReportRun.TOKYO, Logging.COMPLETE);
    List<Event> recorded = RecordedLog.of(spec).events();
    LocalWarehouse.generate(db(), spec);

    Map<String, JsonObject> rows = analyze();

    Map<String, double[]> recount = new HashMap<>(); // sleep minutes, feeds, wet diapers
    long dayStart = ReportRun.at(RUN + "T06:00");
    long dayEnd = ReportRun.at(RUN.plusDays(1) + "T06:00");
    for (Event ev : recorded) {
      String key = ev.userId() + "/" + ev.babyId();
      double[] v = recount.computeIfAbsent(key, k -> new double[3]);
      if (ev.startedAt() < dayStart || ev.startedAt() >= dayEnd) continue;
      switch (ev.type()) {
        case "sleep" -> v[0] += (ev.endedAt() - ev.startedAt()) / 60.0;
        case "feed" -> v[1]++;
        default -> v[2] += "dirty".equals(ev.diaperKind()) ? 0 : 1;
      }
    }
    assertEquals(recount.size(), rows.size(), "every generated baby has a row");
    for (Map.Entry<String, JsonObject> row : rows.entrySet()) {
      double[] v = recount.get(row.getKey());
      JsonObject r = row.getValue();
      JsonArray dates = r.getAsJsonArray("day_date");
      int today = dates.size() - 1;
      assertEquals(RUN.toString(), dates.get(today).getAsString(), row.getKey());
      assertEquals(
          Math.round(v[0]), r.getAsJsonArray("day_sleep_min").get(today).getAsLong(), row.getKey());
      assertEquals((int) v[1], r.getAsJsonArray("day_feeds").get(today).getAsInt(), row.getKey());
      assertEquals(
          (int) v[2], r.getAsJsonArray("day_wet_diapers").get(today).getAsInt(), row.getKey());
      assertEquals("0", r.get("duplicates_excluded").getAsString(), "a complete log is clean");
    }
  }
}

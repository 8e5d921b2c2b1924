package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisSql;
import cradle.analyze.ReportWindow;
import cradle.local.generate.ActivityGenerator;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.shared.port.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis SQL, unchanged, on embedded DuckDB, against values worked out by hand. */
class AnalysisOnDuckDbTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final LocalDate RUN = LocalDate.parse("2026-11-25");

  @TempDir Path dir;

  private Path db() {
    return dir.resolve("warehouse.duckdb");
  }

  private void load(List<Baby> babies, List<Event> events) throws Exception {
    try (Connection c = DuckDbWarehouse.connect(db());
        var log =
            new cradle.local.generate.DuckDbActivityLog(
                c, dir, DuckDbSchemas.createTable("events"), DuckDbSchemas.createTable("babies"))) {
      for (Baby b : babies) log.baby(b);
      for (Event e : events) log.event(e);
    }
  }

  private Map<String, JsonObject> analyze(LocalDate runDate) throws Exception {
    ReportWindow w = ReportWindow.ending(runDate, TOKYO);
    String prefix = FileBlobStore.uri(dir.resolve("export")) + "/";
    Warehouse.Result result =
        new DuckDbWarehouse(db())
            .analyze(
                new Warehouse.Request(
                    "job",
                    AnalysisSql.query(),
                    AnalysisSql.REPORT_TABLE,
                    runDate,
                    Map.of(
                        "run_date",
                        runDate,
                        "time_zone",
                        "Asia/Tokyo",
                        "window_start",
                        w.start(),
                        "window_end",
                        w.end()),
                    Map.of(),
                    prefix));
    Map<String, JsonObject> rows = new HashMap<>();
    for (String line : Files.readAllLines(FileBlobStore.path(result.shards().get(0)))) {
      JsonObject row = JsonParser.parseString(line).getAsJsonObject();
      rows.put(row.get("user_id").getAsString() + "/" + row.get("baby_id").getAsString(), row);
    }
    assertEquals(result.rows(), rows.size());
    return rows;
  }

  private static long at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TOKYO).toEpochSecond();
  }

  private static Event sleep(String baby, String from, String to) {
    return new Event(
        "e" + from + baby,
        baby.split("/")[0],
        baby.split("/")[1],
        "sleep",
        at(from),
        at(to),
        null,
        0,
        null);
  }

  private static Event feed(String baby, String when, String method, int ml) {
    return new Event(
        "f" + when + baby,
        baby.split("/")[0],
        baby.split("/")[1],
        "feed",
        at(when),
        at(when) + 900,
        method,
        ml,
        null);
  }

  private static Event diaper(String baby, String when, String kind) {
    return new Event(
        "d" + when + baby,
        baby.split("/")[0],
        baby.split("/")[1],
        "diaper",
        at(when),
        0,
        null,
        0,
        kind);
  }

  @Test
  void handBuiltBabies_matchValuesWorkedOutByHand() throws Exception {
    LocalDate born = LocalDate.parse("2026-06-01");
    List<Event> e =
        new ArrayList<>(
            List.of(
                // a1, night of the 25th: three sleeps, the last runs past 06:00 and counts whole
                sleep("uA/a1", "2026-11-25T20:00", "2026-11-25T23:00"),
                sleep("uA/a1", "2026-11-25T23:30", "2026-11-26T02:30"),
                sleep("uA/a1", "2026-11-26T03:00", "2026-11-26T07:00"),
                // naps of the 25th
                sleep("uA/a1", "2026-11-25T09:00", "2026-11-25T10:00"),
                sleep("uA/a1", "2026-11-25T13:00", "2026-11-25T14:30"),
                // 05:00 on the 25th is still the night of the 24th
                sleep("uA/a1", "2026-11-25T05:00", "2026-11-25T05:30"),
                feed("uA/a1", "2026-11-25T07:00", "bottle", 120),
                feed("uA/a1", "2026-11-25T10:00", "breast", 0),
                feed("uA/a1", "2026-11-25T13:00", "bottle", 150),
                feed("uA/a1", "2026-11-26T05:00", "bottle", 100),
                diaper("uA/a1", "2026-11-25T08:00", "wet"),
                diaper("uA/a1", "2026-11-25T12:00", "dirty"),
                diaper("uA/a1", "2026-11-25T18:00", "mixed"),
                // the week before: one ten-hour night
                sleep("uA/a1", "2026-11-17T20:00", "2026-11-18T06:00"),
                // a2, the twin
                diaper("uA/a2", "2026-11-20T10:00", "dirty"),
                sleep("uA/a2", "2026-11-25T10:00", "2026-11-25T11:00"),
                // uC: only at the window's edges, and not in babies
                diaper("uC/c1", "2026-11-12T06:00", "wet"),
                sleep("uC/c1", "2026-11-26T06:00", "2026-11-26T07:00"),
                diaper("uC/c1", "2026-11-01T12:00", "dirty")));
    load(
        List.of(new Baby("uA", "a1", born), new Baby("uA", "a2", born), new Baby("uB", "b1", born)),
        e);

    Map<String, JsonObject> rows = analyze(RUN);

    assertEquals(
        List.of("uA/a1", "uA/a2", "uC/c1"),
        rows.keySet().stream().sorted().toList(),
        "a baby with no events (uB/b1) gets no row");
    JsonObject a1 = rows.get("uA/a1");
    assertEquals("2026-11-25", a1.get("report_date").getAsString());
    assertEquals(177, a1.get("age_days").getAsInt());
    assertTrue(a1.get("logged_today").getAsBoolean());
    assertEquals(750.0, a1.get("sleep_min").getAsDouble());
    assertEquals(150.0, a1.get("day_sleep_min").getAsDouble());
    assertEquals(600.0, a1.get("night_sleep_min").getAsDouble());
    assertEquals(240.0, a1.get("longest_sleep_min").getAsDouble());
    assertEquals(2, a1.get("night_wakings").getAsInt());
    assertEquals(2, a1.get("naps").getAsInt());
    assertEquals(4, a1.get("feeds").getAsInt());
    assertEquals(1, a1.get("breast_feeds").getAsInt());
    assertEquals(3, a1.get("bottle_feeds").getAsInt());
    assertEquals(370, a1.get("bottle_ml").getAsInt());
    assertEquals((180 + 180 + 960) / 3.0, a1.get("mean_feed_gap_min").getAsDouble());
    assertEquals(2, a1.get("wet_diapers").getAsInt());
    assertEquals(2, a1.get("dirty_diapers").getAsInt());
    assertEquals(0, a1.get("days_since_dirty").getAsInt());
    assertEquals(2, a1.get("days_logged_7d").getAsInt());
    assertEquals((750 + 30) / 2.0, a1.get("avg_sleep_min_7d").getAsDouble());
    assertEquals(1, a1.get("days_logged_prev_7d").getAsInt());
    assertEquals(600.0, a1.get("avg_sleep_min_prev_7d").getAsDouble());
    assertEquals(-0.35, a1.get("sleep_change").getAsDouble());

    JsonObject a2 = rows.get("uA/a2");
    assertEquals(60.0, a2.get("sleep_min").getAsDouble());
    assertEquals(1, a2.get("naps").getAsInt());
    assertEquals(0, a2.get("feeds").getAsInt());
    assertTrue(a2.get("mean_feed_gap_min").isJsonNull());
    assertEquals(5, a2.get("days_since_dirty").getAsInt());
    assertEquals(2, a2.get("days_logged_7d").getAsInt());
    assertTrue(a2.get("sleep_change").isJsonNull());

    JsonObject c1 = rows.get("uC/c1");
    assertFalse(
        c1.get("logged_today").getAsBoolean(),
        "the sleep at 06:00 on the 26th is the next report day");
    assertEquals(0, c1.get("days_logged_7d").getAsInt());
    assertEquals(1, c1.get("days_logged_prev_7d").getAsInt(), "06:00 on the 12th opens the window");
    assertTrue(c1.get("birth_date").isJsonNull());
    assertTrue(c1.get("days_since_dirty").isJsonNull());
  }

  @Test
  void rerun_replacesTheDatePartition() throws Exception {
    load(List.of(), List.of(sleep("u/b", "2026-11-25T09:00", "2026-11-25T10:00")));

    analyze(RUN);
    analyze(RUN);

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
  void generatedLog_sleepAndFeedsMatchAJavaRecount() throws Exception {
    List<Event> recorded = new ArrayList<>();
    new ActivityGenerator(7, TOKYO)
        .generate(
            40,
            14,
            RUN,
            new ActivityGenerator.Sink() {
              @Override
              public void baby(Baby baby) {}

              @Override
              public void event(Event event) {
                recorded.add(event);
              }
            });
    LocalWarehouseFixture.generate(db(), 40, 14, 7, RUN);

    Map<String, JsonObject> rows = analyze(RUN);

    Map<String, double[]> recount = new HashMap<>(); // sleep minutes, feeds, wet diapers
    long dayStart = at("2026-11-25T06:00");
    long dayEnd = at("2026-11-26T06:00");
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
    assertTrue(
        rows.size() >= 38, "nearly every generated baby logged in the window: " + rows.size());
    for (Map.Entry<String, JsonObject> row : rows.entrySet()) {
      double[] v = recount.get(row.getKey());
      assertEquals(
          Math.round(v[0] * 10) / 10.0,
          row.getValue().get("sleep_min").getAsDouble(),
          0.05,
          row.getKey());
      assertEquals((int) v[1], row.getValue().get("feeds").getAsInt(), row.getKey());
      assertEquals((int) v[2], row.getValue().get("wet_diapers").getAsInt(), row.getKey());
    }
  }
}

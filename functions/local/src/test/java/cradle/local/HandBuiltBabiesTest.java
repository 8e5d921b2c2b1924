package cradle.local;

import static cradle.local.ReportRun.diaper;
import static cradle.local.ReportRun.feed;
import static cradle.local.ReportRun.sleep;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.publish.ReportSchema;
import cradle.shared.reshape.KeyPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built babies, each breaking the report the way a real family's log would, through the
 * analysis SQL on DuckDB and the report notebook in Jupyter (one run for all of them).
 */
class HandBuiltBabiesTest {
  static final LocalDate RUN = LocalDate.parse("2026-11-25");
  static final LocalDate SIX_MONTHS = LocalDate.parse("2026-05-10");
  static final ReportSchema CONTRACT = ReportSchema.load(KeyPath.parse("user_id/baby_id"));

  @TempDir static Path dir;
  static ReportRun.Result run;

  /**
   * A fully logged day of a 6-month-old: a 10-hour night (20:00-01:00, 01:30-06:30, one waking),
   * {@code naps} naps of {@code napMinutes}, 5 feeds and 6 diapers (one dirty).
   */
  static List<Event> day(String baby, LocalDate d, int naps, int napMinutes) {
    List<Event> e = new ArrayList<>();
    String next = d.plusDays(1).toString();
    e.add(sleep(baby, d + "T20:00", next + "T01:00"));
    e.add(sleep(baby, next + "T01:30", next + "T06:30"));
    for (int i = 0; i < naps; i++) {
      int hour = 9 + 4 * i;
      e.add(
          sleep(
              baby,
              d + "T" + two(hour) + ":00",
              d + "T" + two(hour + napMinutes / 60) + ":" + two(napMinutes % 60)));
    }
    for (int i = 0; i < 5; i++) {
      e.add(feed(baby, d + "T" + two(7 + 3 * i) + ":15", i % 2 == 0 ? "breast" : "bottle", 120));
    }
    for (int i = 0; i < 6; i++) {
      e.add(diaper(baby, d + "T" + two(7 + 2 * i) + ":40", i == 0 ? "dirty" : "wet"));
    }
    return e;
  }

  static String two(int n) {
    return (n < 10 ? "0" : "") + n;
  }

  static List<Event> onlyType(List<Event> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  @BeforeAll
  static void runAll() throws Exception {
    List<Baby> babies = new ArrayList<>();
    List<Event> e = new ArrayList<>();
    for (String b :
        List.of("uC/c1", "uP/p1", "uF/f1", "uT/t1", "uT/t2", "uD/d1", "uO/o1", "uV/v1", "uW/w1")) {
      babies.add(new Baby(b.split("/")[0], b.split("/")[1], SIX_MONTHS));
    }
    for (int k = 13; k >= 0; k--) {
      LocalDate d = RUN.minusDays(k);
      // a complete logger: 13 h a day
      e.addAll(day("uC/c1", d, 2, 90));
      // a partial logger: feeds and diapers every day; on 4 of the last 7 days only the start of
      // the night (20:00-01:00) and no naps
      List<Event> p = day("uP/p1", d, 2, 90);
      if (k < 7 && k % 2 == 0) {
        e.addAll(onlyType(p, "feed"));
        e.addAll(onlyType(p, "diaper"));
        e.add(sleep("uP/p1", d + "T20:00", d.plusDays(1) + "T01:00"));
      } else {
        e.addAll(p);
      }
      // a family that logs only feeds
      e.addAll(onlyType(day("uF/f1", d, 2, 90), "feed"));
      // twins: one logged in full, the other only its diapers
      e.addAll(day("uT/t1", d, 2, 90));
      e.addAll(onlyType(day("uT/t2", d, 2, 90), "diaper"));
      // the sleep figures of a sleep fall: 13 h, then 10 h 30 min (two 15-minute naps)
      e.addAll(day("uV/v1", d, 2, k >= 7 ? 90 : 15));
      // a smaller change: 13 h, then 12 h (-7.7 %, -60 min): no flag
      e.addAll(day("uW/w1", d, 2, k >= 7 ? 90 : 60));
      // dirty input
      e.addAll(day("uO/o1", d, 2, 90));
      e.addAll(day("uD/d1", d, 2, 90));
    }
    // duplicates: every sleep of the run date logged twice, under new ids
    for (Event s : onlyType(day("uD/d1", RUN, 2, 90), "sleep")) {
      e.add(
          new Event(
              "copy-" + s.eventId(),
              s.userId(),
              s.babyId(),
              s.type(),
              s.startedAt(),
              s.endedAt(),
              null,
              0,
              null));
    }
    // an open timer, a timer left running for 30 hours, a reversed entry, a sleep inside a nap,
    // feeds without or with an unknown method
    e.add(sleep("uO/o1", RUN + "T16:00", null));
    e.add(sleep("uO/o1", "2026-11-20T17:00", "2026-11-21T23:00"));
    e.add(sleep("uO/o1", "2026-11-22T15:00", "2026-11-22T14:00"));
    e.add(sleep("uO/o1", "2026-11-24T09:05", "2026-11-24T10:25"));
    e.add(feed("uO/o1", RUN + "T18:30", null, 0));
    e.add(feed("uO/o1", RUN + "T18:45", "formula", 100));
    // a newborn, born 6 days before the run date, logged in full since: 13 h 30 min a day
    babies.add(new Baby("uN", "n1", RUN.minusDays(6)));
    for (LocalDate d = RUN.minusDays(6); !d.isAfter(RUN); d = d.plusDays(1)) {
      String next = d.plusDays(1).toString();
      e.add(sleep("uN/n1", d + "T20:00", next + "T00:00"));
      e.add(sleep("uN/n1", next + "T00:30", next + "T03:30"));
      e.add(sleep("uN/n1", next + "T04:00", next + "T06:30"));
      for (int i = 0; i < 4; i++) {
        e.add(sleep("uN/n1", d + "T" + two(8 + 3 * i) + ":00", d + "T" + two(9 + 3 * i) + ":00"));
      }
      for (int i = 0; i < 8; i++) {
        e.add(feed("uN/n1", d + "T" + two(7 + i * 2) + ":10", "breast", 0));
      }
    }
    // paused: last logged 20 days ago (within the 60-day retention); and 85 days ago (beyond)
    babies.add(new Baby("uZ", "z1", SIX_MONTHS));
    e.addAll(day("uZ/z1", RUN.minusDays(20), 2, 90));
    babies.add(new Baby("uY", "y1", SIX_MONTHS));
    e.addAll(day("uY/y1", RUN.minusDays(85), 2, 90));

    Path db = dir.resolve("warehouse.duckdb");
    ReportRun.load(db, dir, babies, e);
    run = ReportRun.run(db, dir, RUN);
  }

  static JsonObject report(String key) {
    return run.reports().get(key);
  }

  static String status(String key) {
    return report(key).getAsJsonObject("sleep_norm").get("status").getAsString();
  }

  static List<String> flags(String key) {
    JsonArray flags = report(key).getAsJsonArray("flags");
    return flags == null
        ? List.of()
        : flags.asList().stream().map(JsonElement::getAsString).toList();
  }

  @Test
  void completeLogger_withinTheRecommendedRange_noFlags() {
    JsonObject a = run.analysis("uC/c1");
    assertEquals("7", a.get("sleep_days_7d").getAsString(), "INT64 as a string, as BigQuery");
    assertEquals(780, a.get("avg_sleep_min_7d").getAsInt());
    assertEquals(1.0, a.get("avg_night_wakings_7d").getAsDouble());
    assertEquals("within", status("uC/c1"));
    assertEquals(List.of(), flags("uC/c1"));
    assertEquals(
        "Slept 13 h a day on average over the last 7 days (7 days fully logged), within the 12-16 h"
            + " recommended for this age (NSF 2015 and AASM 2016).",
        report("uC/c1").getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "直近7日間（記録がそろった7日）の平均睡眠は1日13時間で、この月齢の推奨（12〜16時間、NSF 2015・AASM 2016）の範囲内です。",
        report("uC/c1").getAsJsonObject("summary").get("ja").getAsString());
    JsonArray days = report("uC/c1").getAsJsonArray("days");
    assertEquals(14, days.size());
    assertEquals("2026-11-12", days.get(0).getAsJsonObject().get("date").getAsString());
    assertEquals(780, days.get(13).getAsJsonObject().get("sleep_min").getAsInt());
  }

  @Test
  void partialLogger_tooSparseToJudge_noSleepFlagFromTheGaps() {
    JsonObject a = run.analysis("uP/p1");
    assertEquals(3, a.get("sleep_days_7d").getAsInt());
    assertEquals(7, a.get("days_logged_7d").getAsInt());
    assertEquals(780, a.get("avg_sleep_min_7d").getAsInt(), "only the complete days count");
    assertEquals("not_enough_data", status("uP/p1"));
    assertEquals(List.of(), flags("uP/p1"));
    String en = report("uP/p1").getAsJsonObject("summary").get("en").getAsString();
    assertTrue(en.startsWith("Too few complete days of sleep in the last 7 days"), en);
    assertTrue(en.contains("Please resume logging"), en);
  }

  @Test
  void feedsOnlyFamily_noSleepOrDiaperClaims() {
    JsonObject a = run.analysis("uF/f1");
    assertEquals(0, a.get("sleep_days_7d").getAsInt());
    assertEquals(0, a.get("diaper_days_7d").getAsInt());
    assertEquals(7, a.get("feed_days_7d").getAsInt());
    assertFalse(a.has("avg_sleep_min_7d"), "null is left out, as BigQuery's extract does");
    assertFalse(a.has("days_since_dirty"));
    assertEquals("not_enough_data", status("uF/f1"));
    assertEquals(List.of(), flags("uF/f1"), "no no_dirty_diaper_3_days without diapers logged");
    assertEquals(
        5.0, report("uF/f1").getAsJsonObject("last_7_days").get("avg_feeds").getAsDouble());
  }

  @Test
  void newborn_onlyNsfBands_noAlarm() {
    JsonObject n = report("uN/n1");
    assertEquals(6, n.get("age_days").getAsInt());
    assertEquals(0, n.get("age_months").getAsInt());
    JsonObject norm = n.getAsJsonObject("sleep_norm");
    assertEquals(7, norm.get("days").getAsInt());
    assertEquals(810, norm.get("avg_sleep_min").getAsInt());
    assertEquals("may_be_appropriate", norm.get("status").getAsString());
    assertEquals(14, norm.get("min_hours").getAsInt());
    assertEquals(11, norm.get("may_be_appropriate_min_hours").getAsInt());
    assertEquals(
        "[\"NSF 2015\"]", norm.get("sources").toString(), "AASM has no band under 4 months");
    String en = n.getAsJsonObject("summary").get("en").getAsString();
    assertFalse(en.contains("AASM") || en.contains("below"), en);
    assertEquals(List.of(), flags("uN/n1"), "no trend without a previous week");
  }

  @Test
  void twins_keepTheirOwnReports() {
    assertEquals("within", status("uT/t1"));
    assertEquals("not_enough_data", status("uT/t2"));
    assertEquals(0, report("uT/t2").getAsJsonObject("today").get("feeds").getAsInt());
    assertEquals(5, report("uT/t1").getAsJsonObject("today").get("feeds").getAsInt());
  }

  @Test
  void duplicates_countOnce() {
    JsonObject today = report("uD/d1").getAsJsonObject("today");
    assertEquals(780, today.get("sleep_min").getAsInt());
    assertEquals(1, today.get("night_wakings").getAsInt());
    assertEquals(2, today.get("naps").getAsInt());
    assertEquals(4, report("uD/d1").getAsJsonObject("excluded").get("duplicates").getAsInt());
  }

  @Test
  void openTimers_reversedAndNestedSleeps_leftOutAndCounted() {
    JsonObject o = report("uO/o1");
    JsonObject excluded = o.getAsJsonObject("excluded");
    assertEquals(2, excluded.get("sleeps_without_end").getAsInt(), "open and reversed");
    assertEquals(1, excluded.get("sleeps_too_long").getAsInt());
    assertEquals(1, excluded.get("sleeps_overlapping").getAsInt());
    assertEquals(2, excluded.get("feeds_unknown_method").getAsInt());
    assertEquals(780, o.getAsJsonObject("today").get("sleep_min").getAsInt());
    assertEquals(2, o.getAsJsonObject("today").get("other_feeds").getAsInt());
    for (JsonElement d : o.getAsJsonArray("days")) {
      assertEquals(780, d.getAsJsonObject().get("sleep_min").getAsInt(), d.toString());
    }
    assertEquals("within", status("uO/o1"));
  }

  @Test
  void pausedFamily_keepsAReportSayingSo_untilTheRetentionPasses() {
    JsonObject z = report("uZ/z1");
    assertEquals("paused", z.getAsJsonObject("logging").get("status").getAsString());
    assertEquals("2026-11-05", z.getAsJsonObject("logging").get("last_logged_date").getAsString());
    assertEquals(20, z.getAsJsonObject("logging").get("days_since_logged").getAsInt());
    assertEquals("not_enough_data", status("uZ/z1"));
    assertEquals(List.of(), flags("uZ/z1"));
    assertEquals(
        "Nothing logged in the last 14 days (last on 2026-11-05). Resume logging to see the report"
            + " again.",
        z.getAsJsonObject("summary").get("en").getAsString());
    assertNull(report("uY/y1"), "85 days ago is past the 60-day retention");
  }

  @Test
  void trends_needRelativeAndAbsoluteChange_withASentence() {
    assertEquals(List.of("sleep_down"), flags("uV/v1"));
    JsonObject text = report("uV/v1").getAsJsonObject("flag_texts").getAsJsonObject("sleep_down");
    assertEquals(
        "Slept 19% less a day over the last 7 days than the 7 before (10 h 30 min against 13 h).",
        text.get("en").getAsString());
    assertEquals(
        "直近7日間の睡眠は、その前の7日間より1日あたり19%短くなりました（10時間30分、前は13時間）。", text.get("ja").getAsString());
    assertEquals(List.of(), flags("uW/w1"), "-60 min, -7.7 %: below both thresholds");
  }

  /**
   * The charts are image outputs of the executed notebook, each a real PNG, and the HTML shows them
   * as images. (nbconvert's HTML template carries a data:image/png background in its CSS, so the
   * HTML's text alone proves nothing.)
   */
  @Test
  void executedNotebook_carriesItsCharts_asPngImageOutputs_renderedInTheHtml() throws Exception {
    Path output = dir.resolve("output");
    JsonObject notebook =
        JsonParser.parseString(Files.readString(output.resolve("output.ipynb"))).getAsJsonObject();
    List<byte[]> pngs = new ArrayList<>();
    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
      for (JsonElement out : outputs == null ? new JsonArray() : outputs) {
        JsonObject data = out.getAsJsonObject().getAsJsonObject("data");
        if (data != null && data.has("image/png")) {
          pngs.add(Base64.getMimeDecoder().decode(data.get("image/png").getAsString()));
        }
      }
    }
    assertEquals(2, pngs.size(), "the two charts as image outputs");
    for (byte[] png : pngs) {
      assertArrayEquals(
          new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "a PNG image");
      assertTrue(png.length > 5_000, "a chart, not an empty canvas: " + png.length + " bytes");
    }
    String html = Files.readString(output.resolve(JupyterExecutor.HTML));
    assertEquals(
        2,
        Pattern.compile("<img [^>]*src=\"data:image/png;base64,").matcher(html).results().count(),
        "the HTML shows both as images");
    assertTrue(html.contains("Hirshkowitz"), "the norms' citation");
  }

  @Test
  void everyReport_keepsTheContract() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (var r : run.reports().entrySet()) {
      Set<String> problems = CONTRACT.problems(json.readTree(r.getValue().toString()));
      assertEquals(Set.of(), problems, r.getKey());
    }
    assertEquals(11, run.reports().size());
  }
}

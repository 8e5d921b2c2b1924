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
import java.util.regex.Matcher;
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

  /** Feeds and diapers every 2 hours from {@code from} to {@code to} o'clock of day {@code d}. */
  static List<Event> awakeDay(String baby, LocalDate d, int from, int to) {
    List<Event> e = new ArrayList<>();
    for (int h = from; h < to; h += 2) {
      LocalDate on = h >= 24 ? d.plusDays(1) : d;
      e.add(feed(baby, on + "T" + two(h % 24) + ":05", "bottle", 150));
      e.add(diaper(baby, on + "T" + two(h % 24) + ":25", h == from ? "dirty" : "wet"));
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
    // the edges of the sleep log, each logged in full (feeds and diapers spread over the day):
    // a short sleeper of 8 months: 7 h a day (22:00-03:00 and two 1-hour naps), a toddler dropping
    // from 2 naps to 1, an early waker whose night ends at 04:30:59 (and one at 04:29:59), a 00:30
    // bedtime, a rise from no night waking to two
    LocalDate eightMonths = LocalDate.parse("2026-03-20");
    LocalDate toddler = LocalDate.parse("2025-09-01");
    for (String b : List.of("uS/s1", "uE/e1", "uE/e2", "uL/l1", "uR/r1", "uH/h1")) {
      babies.add(new Baby(b.split("/")[0], b.split("/")[1], eightMonths));
    }
    babies.add(new Baby("uK", "k1", toddler));
    babies.add(new Baby("uU", "u1", toddler));
    for (int k = 13; k >= 0; k--) {
      LocalDate d = RUN.minusDays(k);
      String next = d.plusDays(1).toString();
      e.addAll(awakeDay("uS/s1", d, 5, 21));
      e.add(sleep("uS/s1", d + "T22:00", next + "T03:00"));
      e.add(sleep("uS/s1", d + "T10:00", d + "T11:00"));
      e.add(sleep("uS/s1", d + "T15:00", d + "T16:00"));
      // a long sleeper of 8 months: 20 h a day
      e.addAll(awakeDay("uH/h1", d, 7, 19));
      e.add(sleep("uH/h1", d + "T19:00", next + "T01:00"));
      e.add(sleep("uH/h1", next + "T01:10", next + "T07:10"));
      e.add(sleep("uH/h1", d + "T08:30", d + "T12:30"));
      e.add(sleep("uH/h1", d + "T13:30", d + "T17:30"));
      e.addAll(awakeDay("uK/k1", d, 7, 19));
      e.add(sleep("uK/k1", d + "T19:30", next + "T06:30"));
      e.add(sleep("uK/k1", d + "T12:00", d + "T14:00"));
      if (k % 2 == 0) {
        e.add(sleep("uK/k1", d + "T09:00", d + "T10:00"));
      }
      for (String b : List.of("uE/e1", "uE/e2")) {
        e.addAll(awakeDay(b, d, 5, 19));
        e.add(sleep(b, d + "T19:00", next + "T00:00"));
        e.add(sleep(b, next + "T00:20", next + (b.endsWith("1") ? "T04:30:59" : "T04:29:59")));
        e.add(feed(b, next + "T04:45", "breast", 0));
        e.add(sleep(b, d + "T08:00", d + "T10:00"));
        e.add(sleep(b, d + "T13:00", d + "T15:00"));
      }
      // up for good at 02:40 (a 9 h 10 min day), the family's next entry at 07:05
      e.addAll(awakeDay("uU/u1", d, 7, 19));
      e.add(sleep("uU/u1", d + "T19:30", next + "T02:40"));
      e.add(sleep("uU/u1", d + "T12:00", d + "T14:00"));
      e.addAll(awakeDay("uL/l1", d, 9, 24));
      e.add(sleep("uL/l1", next + "T00:30", next + "T09:30"));
      e.add(sleep("uL/l1", d + "T13:00", d + "T16:00"));
      e.addAll(awakeDay("uR/r1", d, 7, 19));
      if (k >= 7) {
        e.add(sleep("uR/r1", d + "T19:30", next + "T06:30"));
      } else {
        e.add(sleep("uR/r1", d + "T19:30", d + "T23:00"));
        e.add(sleep("uR/r1", d + "T23:20", next + "T02:00"));
        e.add(sleep("uR/r1", next + "T02:20", next + "T06:30"));
      }
      e.add(sleep("uR/r1", d + "T12:00", d + "T14:00"));
    }
    // born on the run date, its first (partial) day logged; a birth date 16 days after the run
    babies.add(new Baby("uB", "b1", RUN));
    e.add(sleep("uB/b1", RUN + "T14:00", RUN + "T16:00"));
    e.add(feed("uB/b1", RUN + "T16:10", "breast", 0));
    babies.add(new Baby("uA", "a1", RUN.plusDays(16)));
    for (int k = 13; k >= 0; k--) {
      e.addAll(day("uA/a1", RUN.minusDays(k), 2, 90));
    }
    // paused: last logged 20 days ago (within the 60-day retention); and 85 days ago (beyond)
    babies.add(new Baby("uZ", "z1", SIX_MONTHS));
    e.addAll(day("uZ/z1", RUN.minusDays(20), 2, 90));
    babies.add(new Baby("uY", "y1", SIX_MONTHS));
    e.addAll(day("uY/y1", RUN.minusDays(85), 2, 90));

    // the rest of the sentences: no birth date, 7 years old, sleep and feeds up and down, fewer
    // night wakings, three whole diaper days without a dirty one
    babies.add(new Baby("uS", "s7", LocalDate.parse("2019-01-01")));
    for (String b : List.of("uI/i1", "uG/g1", "uJ/j1", "uJ/j2", "uQ/q1")) {
      babies.add(new Baby(b.split("/")[0], b.split("/")[1], SIX_MONTHS));
    }
    for (int k = 13; k >= 0; k--) {
      LocalDate d = RUN.minusDays(k);
      String next = d.plusDays(1).toString();
      e.addAll(day("uX/x1", d, 2, 90)); // in no babies row
      e.addAll(day("uS/s7", d, 2, 90));
      e.addAll(day("uI/i1", d, 2, k >= 7 ? 15 : 90));
      e.addAll(awakeDay("uG/g1", d, 7, 19));
      if (k < 7) {
        e.add(sleep("uG/g1", d + "T19:30", next + "T06:30"));
      } else {
        e.add(sleep("uG/g1", d + "T19:30", d + "T23:00"));
        e.add(sleep("uG/g1", d + "T23:20", next + "T02:00"));
        e.add(sleep("uG/g1", next + "T02:20", next + "T06:30"));
      }
      e.add(sleep("uG/g1", d + "T12:00", d + "T14:00"));
      for (String b : List.of("uJ/j1", "uJ/j2")) {
        e.addAll(day(b, d, 2, 90));
        if ((k < 7) == b.endsWith("1")) {
          for (String t : List.of("08:45", "11:45", "17:45")) {
            e.add(feed(b, d + "T" + t, "bottle", 100));
          }
        }
      }
      for (Event ev : day("uQ/q1", d, 2, 90)) {
        e.add(
            k < 3 && "dirty".equals(ev.diaperKind())
                ? new Event(
                    ev.eventId(),
                    ev.userId(),
                    ev.babyId(),
                    ev.type(),
                    ev.startedAt(),
                    ev.endedAt(),
                    null,
                    0,
                    "wet")
                : ev);
      }
    }

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
        "Slept 13 h a day on average over the last 7 days (7 days fully logged), within the hours"
            + " recommended for this age: 12-15 h (NSF 2015), 12-16 h (AASM 2016).",
        report("uC/c1").getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "直近7日間（記録がそろった7日）の平均睡眠は1日13時間で、この月齢の推奨範囲内です（12〜15時間（NSF 2015）、12〜16時間（AASM 2016））。",
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
        "No sleep logged in the last 14 days, so sleep is not compared with a norm.",
        report("uF/f1").getAsJsonObject("summary").get("en").getAsString(),
        "not asked to log what it does not log");
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
        "Nothing logged in the last 14 days (last on November 5, 2026). Resume logging to see the"
            + " report again.",
        z.getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "直近14日間の記録がありません（最後の記録は2026年11月5日）。記録を再開すると、レポートが表示されます。",
        z.getAsJsonObject("summary").get("ja").getAsString());
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
  void shortSleeper_completelyLogged_isBelow() {
    assertEquals(7, run.analysis("uS/s1").get("sleep_days_7d").getAsInt());
    assertEquals("below", status("uS/s1"));
    assertEquals(
        "Slept 7 h a day on average over the last 7 days (7 days fully logged), less than the hours"
            + " recommended for this age (12-15 h (NSF 2015), 12-16 h (AASM 2016)) and than the"
            + " 10-11 h that may be appropriate (NSF 2015).",
        report("uS/s1").getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "直近7日間（記録がそろった7日）の平均睡眠は1日7時間で、この月齢の推奨範囲（12〜15時間（NSF 2015）、12〜16時間（AASM 2016））も、「場合によっては適切」とされる10〜11時間（NSF 2015）も下回っています。",
        report("uS/s1").getAsJsonObject("summary").get("ja").getAsString());
  }

  @Test
  void longSleeper_completelyLogged_isAbove() {
    assertEquals("above", status("uH/h1"));
    assertEquals(
        "Slept 20 h a day on average over the last 7 days (7 days fully logged), more than the"
            + " hours recommended for this age (12-15 h (NSF 2015), 12-16 h (AASM 2016)) and than"
            + " the 16-18 h that may be appropriate (NSF 2015).",
        report("uH/h1").getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "直近7日間（記録がそろった7日）の平均睡眠は1日20時間で、この月齢の推奨範囲（12〜15時間（NSF 2015）、12〜16時間（AASM 2016））も、「場合によっては適切」とされる16〜18時間（NSF 2015）も上回っています。",
        report("uH/h1").getAsJsonObject("summary").get("ja").getAsString());
  }

  /** NSF 2015's and AASM 2016's bands (hours; recommended and may be appropriate), by months. */
  static List<int[]> bandsOf(String source, int months) {
    // {first month, last month, low, high}
    int[][] nsf = {
      {0, 3, 14, 17}, {0, 3, 11, 13}, {0, 3, 18, 19}, {4, 11, 12, 15}, {4, 11, 10, 11},
      {4, 11, 16, 18}, {12, 35, 11, 14}, {12, 35, 9, 10}, {12, 35, 15, 16}, {36, 71, 10, 13},
      {36, 71, 8, 9}, {36, 71, 14, 14}
    };
    int[][] aasm = {{4, 12, 12, 16}, {12, 35, 11, 14}, {36, 71, 10, 13}};
    return Arrays.stream(source.equals("NSF 2015") ? nsf : aasm)
        .filter(b -> b[0] <= months && months <= b[1])
        .map(b -> new int[] {b[2], b[3]})
        .toList();
  }

  static final Pattern CITED_EN =
      Pattern.compile("(\\d+)(?:-(\\d+))? h \\(((?:NSF 2015|AASM 2016)(?: and AASM 2016)?)\\)");
  static final Pattern CITED_JA =
      Pattern.compile("(\\d+)(?:〜(\\d+))?時間（((?:NSF 2015|AASM 2016)(?:・AASM 2016)?)）");
  static final Pattern CITED_MAY_EN =
      Pattern.compile("(\\d+)(?:-(\\d+))? h that may be appropriate \\((NSF 2015)\\)");
  static final Pattern QUOTED_EN =
      Pattern.compile("\\((NSF 2015|AASM 2016): (\\d+)(?:-(\\d+))? h\\)");
  static final Pattern QUOTED_JA = Pattern.compile("（(NSF 2015|AASM 2016)：(\\d+)(?:〜(\\d+))?時間）");
  static final Pattern RANGE_USED =
      Pattern.compile("within the (\\d+) h(?: (\\d+) min)? to (\\d+) h(?: (\\d+) min)? that");
  // English and Japanese as firm as each other: each phrase goes with its counterpart
  static final List<String[]> SAME_FIRMNESS =
      List.of(
          new String[] {"less than the hours", "下回っています"},
          new String[] {"more than the hours", "上回っています"},
          new String[] {"within the hours recommended", "推奨範囲内です"},
          new String[] {"may be appropriate", "「場合によっては適切」"},
          new String[] {"outside the hours", "外れます"},
          new String[] {"Please resume", "再開してください"},
          new String[] {"Resume logging", "記録を再開すると"},
          new String[] {"correct it", "正しい生年月日にすると"},
          new String[] {"Add the birth date", "生年月日を登録すると"});

  /** Each source named gives the band quoted beside it, for the baby's age. */
  static void assertCitedBandsExist(String text, Pattern cited, int months, String where) {
    Matcher m = cited.matcher(text);
    while (m.find()) {
      int lo = Integer.parseInt(m.group(1));
      int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
      for (String source : m.group(3).split(" and |・")) {
        assertTrue(
            bandsOf(source, months).stream().anyMatch(b -> b[0] == lo && b[1] == hi),
            source + " gives no " + lo + "-" + hi + " h at " + months + " months: " + where);
      }
    }
  }

  /**
   * Every sentence the notebook can produce, in both languages: the templates come from the
   * notebook's own tables, each must be produced by one of the hand-built babies, and each produced
   * sentence is held to the wording rules: counts agree in number, English and Japanese as firm as
   * each other, dates and durations in each language's own form, and each source cited gives the
   * number cited for the baby's age (the bands above, from the papers).
   */
  @Test
  void everySentenceTheNotebookCanProduce_inBothLanguages_followsTheWordingRules()
      throws Exception {
    NotebookSentences notebook = NotebookSentences.load();
    Pattern iso = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{1,2}:\\d{2}");
    Pattern singularWrong = Pattern.compile("(?<![\\d.])1 (days|times|feeds|hours)\\b");
    Pattern pluralWrong =
        Pattern.compile("(?<![\\d.])(0|[2-9]|\\d{2,}|\\d+\\.\\d+) (day|time|feed)\\b");
    Pattern dateEn =
        Pattern.compile(
            "(January|February|March|April|May|June|July|August|September|October|November|December)"
                + " \\d{1,2}, \\d{4}");
    Pattern dateJa = Pattern.compile("\\d{4}年\\d{1,2}月\\d{1,2}日");
    Set<String> produced = new java.util.TreeSet<>();
    for (var r : run.reports().entrySet()) {
      JsonObject rep = r.getValue();
      Integer months = rep.has("age_months") ? rep.get("age_months").getAsInt() : null;
      List<String[]> texts = new ArrayList<>(); // flag (null: summary), en, ja
      JsonObject summary = rep.getAsJsonObject("summary");
      texts.add(
          new String[] {null, summary.get("en").getAsString(), summary.get("ja").getAsString()});
      JsonObject flagTexts = rep.getAsJsonObject("flag_texts");
      if (flagTexts != null) {
        for (var f : flagTexts.entrySet()) {
          JsonObject t = f.getValue().getAsJsonObject();
          texts.add(
              new String[] {f.getKey(), t.get("en").getAsString(), t.get("ja").getAsString()});
        }
      }
      for (String[] t : texts) {
        String en = t[1];
        String ja = t[2];
        String where = r.getKey() + ": " + en + " / " + ja;
        produced.add(notebook.of(t[0], en, ja).key());
        assertFalse(singularWrong.matcher(en).find(), where);
        assertFalse(pluralWrong.matcher(en).find(), where);
        for (String[] pair : SAME_FIRMNESS) {
          assertEquals(en.contains(pair[0]), ja.contains(pair[1]), pair[0] + " | " + where);
        }
        assertFalse(ja.matches(".*(めです|かもしれ|ようです|気味).*"), "softer than the English: " + where);
        assertFalse(iso.matcher(en).find() || iso.matcher(ja).find(), where);
        assertEquals(
            dateEn.matcher(en).results().count(), dateJa.matcher(ja).results().count(), where);
        assertFalse(en.matches(".*[ぁ-んァ-ヶ一-龯].*"), where);
        assertFalse(ja.matches(".*\\d ?(h|min)\\b.*"), "durations in 時間 and 分: " + where);
        assertEquals(en.contains("NSF"), ja.contains("NSF"), where);
        assertEquals(en.contains("AASM"), ja.contains("AASM"), where);
        if (en.contains("NSF") || en.contains("AASM")) {
          assertTrue(months != null, where);
          assertCitedBandsExist(en, CITED_EN, months, where);
          assertCitedBandsExist(ja, CITED_JA, months, where);
          assertCitedBandsExist(en, CITED_MAY_EN, months, where);
          for (Pattern quoted : List.of(QUOTED_EN, QUOTED_JA)) {
            Matcher m = quoted.matcher(quoted == QUOTED_EN ? en : ja);
            while (m.find()) {
              int lo = Integer.parseInt(m.group(2));
              int hi = m.group(3) == null ? lo : Integer.parseInt(m.group(3));
              assertTrue(
                  bandsOf(m.group(1), months).stream().anyMatch(b -> b[0] == lo && b[1] == hi),
                  where);
            }
          }
        }
        // the range a may-be-appropriate mean was judged in holds the mean it states
        Matcher used = RANGE_USED.matcher(en);
        if (used.find()) {
          int from = minutes(used.group(1), used.group(2));
          int to = minutes(used.group(3), used.group(4));
          int avg = rep.getAsJsonObject("sleep_norm").get("avg_sleep_min").getAsInt();
          assertTrue(from <= avg && avg <= to, where);
        }
      }
    }
    assertEquals(notebook.templates().keySet(), produced, "every sentence the notebook can make");
  }

  static int minutes(String hours, String mins) {
    return Integer.parseInt(hours) * 60 + (mins == null ? 0 : Integer.parseInt(mins));
  }

  @Test
  void completeness_comesFromTheLogging_notFromTheSleep() {
    for (String b : List.of("uK/k1", "uE/e1", "uE/e2", "uL/l1", "uR/r1", "uU/u1")) {
      // up at 02:40: each morning's 07:05 entry shows the family logging, but after the run
      // date's night no entry can yet, so the last night is judged by the 3 h rule
      assertEquals(b.equals("uU/u1") ? 6 : 7, run.analysis(b).get("sleep_days_7d").getAsInt(), b);
      assertFalse(
          report(b).getAsJsonObject("summary").get("en").getAsString().contains("resume"), b);
    }
    assertEquals("within", status("uK/k1"), "a toddler dropping a nap: 12 h or 13 h a day");
    assertEquals(
        status("uE/e1"), status("uE/e2"), "a night ending at 04:29:59 counts as at 04:30:59");
    assertEquals("may_be_appropriate", status("uU/u1"), "up for good at 02:40: 9 h 10 min a day");
  }

  @Test
  void riseFromZeroNightWakings_isFlagged_inPluralsAndBothLanguages() {
    assertEquals(List.of("more_night_wakings"), flags("uR/r1"));
    JsonObject text =
        report("uR/r1").getAsJsonObject("flag_texts").getAsJsonObject("more_night_wakings");
    assertEquals(
        "Woke more often at night over the last 7 days: 2 times a night against 0.",
        text.get("en").getAsString());
    assertEquals("直近7日間は夜に目覚める回数が増えました（1晩2回、前は0回）。", text.get("ja").getAsString());
  }

  @Test
  void newbornsFirstDay_andABirthDateAfterTheRun_areNotJudgedNorNudged() {
    JsonObject b = report("uB/b1");
    assertEquals(0, b.get("age_days").getAsInt());
    assertEquals("not_enough_data", status("uB/b1"));
    assertEquals(
        "Sleep is compared with the norm for the age from 4 fully logged days; 1 day since birth"
            + " so far.",
        b.getAsJsonObject("summary").get("en").getAsString());
    JsonObject a = report("uA/a1");
    assertFalse(a.has("age_days"), "no age before birth");
    assertFalse(a.has("age_months"));
    assertEquals("unknown_age", status("uA/a1"));
    assertEquals(
        "Slept 13 h a day on average over the last 7 days (7 days fully logged). The birth date"
            + " (December 11, 2026) is after the report date: correct it to compare with the norm"
            + " for the age.",
        a.getAsJsonObject("summary").get("en").getAsString());
    assertTrue(
        a.getAsJsonObject("summary").get("ja").getAsString().contains("2026年12月11日"), a.toString());
  }

  @Test
  void everyReport_keepsTheContract() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (var r : run.reports().entrySet()) {
      Set<String> problems = CONTRACT.problems(json.readTree(r.getValue().toString()));
      assertEquals(Set.of(), problems, r.getKey());
    }
    assertEquals(28, run.reports().size());
  }
}

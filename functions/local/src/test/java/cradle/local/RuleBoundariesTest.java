package cradle.local;

import static cradle.local.ReportRun.diaper;
import static cradle.local.ReportRun.feed;
import static cradle.local.ReportRun.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built babies on the edge of each rule of the analysis SQL and the report notebook (the 06:00
 * report day, 19:00 night, overlaps, the 14-hour limit, the waking day of a complete feed and
 * diaper log, the age in months and its norm band, the dirty-diaper flag, paused), one DuckDB and
 * Jupyter run for all. Each test pins a value that moving the rule by one step changes; none
 * depends on how a day's sleep is judged complete.
 */
class RuleBoundariesTest {
  static final LocalDate RUN = HandBuiltBabiesTest.RUN;

  @TempDir static Path dir;
  static ReportRun.Result run;

  static String at(LocalDate d, String time) {
    return d + "T" + time;
  }

  @BeforeAll
  static void runAll() throws Exception {
    List<Baby> babies = new ArrayList<>();
    List<Event> e = new ArrayList<>();
    babies.add(new Baby("uB", "b1", HandBuiltBabiesTest.SIX_MONTHS));
    // the report day: 05:45 belongs to the day before, 06:15 and the next morning's 05:30 to RUN
    e.add(feed("uB/b1", at(RUN, "05:45"), "breast", 0));
    e.add(feed("uB/b1", at(RUN, "06:15"), "breast", 0));
    e.add(feed("uB/b1", at(RUN.plusDays(1), "05:30"), "breast", 0));
    // night from 19:00: an 18:30 nap, a 19:10 night sleep
    e.add(sleep("uB/b1", at(RUN.minusDays(1), "18:30"), at(RUN.minusDays(1), "18:50")));
    e.add(sleep("uB/b1", at(RUN.minusDays(1), "19:10"), at(RUN.minusDays(1), "23:10")));
    // a partial overlap counts from where the earlier sleep ends: 120 min
    e.add(sleep("uB/b1", at(RUN.minusDays(3), "13:00"), at(RUN.minusDays(3), "14:00")));
    e.add(sleep("uB/b1", at(RUN.minusDays(3), "13:30"), at(RUN.minusDays(3), "15:00")));
    // two sleeps inside a longer earlier one, the second after the first ends: 120 min
    e.add(sleep("uB/b1", at(RUN.minusDays(4), "10:00"), at(RUN.minusDays(4), "12:00")));
    e.add(sleep("uB/b1", at(RUN.minusDays(4), "10:30"), at(RUN.minusDays(4), "11:00")));
    e.add(sleep("uB/b1", at(RUN.minusDays(4), "11:00"), at(RUN.minusDays(4), "11:30")));
    // exactly 14 hours: kept
    e.add(sleep("uB/b1", at(RUN.minusDays(5), "16:00"), at(RUN.minusDays(4), "06:00")));
    // feeds and diapers judged from the logging: over the waking day (06:00-19:00) nothing silent
    // for more than 5 h. Exactly 5 h (06:00, 11:00, 16:00, a feed at 18:00 for 15 min) on RUN,
    // 5 h 1 min the day before; a forgotten afternoon in 6 feeds; one diaper in a whole day
    babies.add(new Baby("uW", "w1", HandBuiltBabiesTest.SIX_MONTHS));
    for (int k = 0; k < 2; k++) {
      e.add(diaper("uW/w1", at(RUN.minusDays(k), "06:00"), "wet"));
      e.add(diaper("uW/w1", at(RUN.minusDays(k), k == 0 ? "11:00" : "11:01"), "wet"));
      e.add(diaper("uW/w1", at(RUN.minusDays(k), "16:00"), "wet"));
      e.add(feed("uW/w1", at(RUN.minusDays(k), "18:00"), "breast", 0));
    }
    for (String t : List.of("06:00", "08:00", "10:00", "12:00", "20:00", "22:00")) {
      e.add(feed("uW/w1", at(RUN.minusDays(2), t), "bottle", 150));
    }
    for (String t : List.of("06:00", "10:00", "14:00", "18:00")) {
      e.add(feed("uW/w1", at(RUN.minusDays(3), t), "bottle", 150));
    }
    e.add(diaper("uW/w1", at(RUN.minusDays(3), "12:00"), "wet"));
    // 3 months (91 days) on the run date
    babies.add(new Baby("uA", "a1", LocalDate.parse("2026-08-26")));
    for (int i = 0; i < 5; i++) {
      e.add(feed("uA/a1", at(RUN.minusDays(1), "1" + i + ":00"), "bottle", 100));
    }
    for (int i = 0; i < 4; i++) {
      e.add(feed("uA/a1", at(RUN, "1" + i + ":00"), "bottle", 100));
    }
    // 11 months old on the run date: the last month of the 4-11 band
    babies.add(new Baby("uE", "e1", LocalDate.parse("2025-12-10")));
    e.add(feed("uE/e1", at(RUN, "09:00"), "breast", 0));
    // complete diaper logs without a dirty one for the last 3 days; dirty 6 and 9 days ago
    babies.add(new Baby("uK", "k1", HandBuiltBabiesTest.SIX_MONTHS));
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 5; i++) {
        e.add(diaper("uK/k1", at(RUN.minusDays(k), "1" + i + ":00"), "wet"));
      }
    }
    e.add(diaper("uK/k1", at(RUN.minusDays(6), "10:00"), "dirty"));
    e.add(diaper("uK/k1", at(RUN.minusDays(9), "10:00"), "dirty"));
    // logged only in the previous 7 days: not paused
    babies.add(new Baby("uQ", "q1", HandBuiltBabiesTest.SIX_MONTHS));
    e.add(feed("uQ/q1", at(RUN.minusDays(10), "09:00"), "breast", 0));

    Path db = dir.resolve("warehouse.duckdb");
    ReportRun.load(db, dir, babies, e);
    run = ReportRun.run(db, dir, RUN);
  }

  /** The analysis row's value of a daily series ({@code day_<field>}) on a report date. */
  static JsonElement day(String baby, String field, LocalDate date) {
    JsonObject a = run.analysis(baby);
    JsonArray dates = a.getAsJsonArray("day_date");
    for (int i = 0; i < dates.size(); i++) {
      if (dates.get(i).getAsString().equals(date.toString())) {
        return a.getAsJsonArray("day_" + field).get(i);
      }
    }
    throw new AssertionError(baby + " logged nothing on " + date);
  }

  static JsonObject report(String baby) {
    return run.reports().get(baby);
  }

  @Test
  void reportDay_runsFrom0600To0600() {
    assertEquals(2, day("uB/b1", "feeds", RUN).getAsInt(), "06:15 and the next 05:30");
    assertEquals(1, day("uB/b1", "feeds", RUN.minusDays(1)).getAsInt(), "05:45");
  }

  @Test
  void sleepFrom1900_isNight_before_aNap() {
    assertEquals(1, day("uB/b1", "naps", RUN.minusDays(1)).getAsInt());
    assertEquals(240, day("uB/b1", "night_sleep_min", RUN.minusDays(1)).getAsInt());
  }

  @Test
  void partialOverlap_countsFromWhereTheEarlierEnds() {
    assertEquals(120, day("uB/b1", "sleep_min", RUN.minusDays(3)).getAsInt());
  }

  @Test
  void sleepsInsideAnEarlierOne_leftOut_evenAfterAnotherInside() {
    assertEquals(120, day("uB/b1", "sleep_min", RUN.minusDays(4)).getAsInt());
    assertEquals(2, run.analysis("uB/b1").get("sleeps_overlapping_excluded").getAsInt());
  }

  @Test
  void sleepOfExactly14Hours_isKept() {
    assertEquals(840, day("uB/b1", "sleep_min", RUN.minusDays(5)).getAsInt());
    assertEquals(0, run.analysis("uB/b1").get("sleeps_too_long_excluded").getAsInt());
  }

  @Test
  void wakingDaySilentFor5Hours_isWhole_5Hours1Minute_isNot() {
    assertEquals(true, day("uW/w1", "feeds_complete", RUN).getAsBoolean());
    assertEquals(true, day("uW/w1", "diapers_complete", RUN).getAsBoolean());
    assertEquals(false, day("uW/w1", "feeds_complete", RUN.minusDays(1)).getAsBoolean());
    assertEquals(false, day("uW/w1", "diapers_complete", RUN.minusDays(1)).getAsBoolean());
  }

  @Test
  void feedsAndDiapers_judgedFromTheLogging_notFromTheCount() {
    assertEquals(6, day("uW/w1", "feeds", RUN.minusDays(2)).getAsInt());
    assertEquals(
        false,
        day("uW/w1", "feeds_complete", RUN.minusDays(2)).getAsBoolean(),
        "6 feeds, but nothing logged from 12:15 to 19:00");
    assertEquals(
        true,
        day("uW/w1", "diapers_complete", RUN.minusDays(3)).getAsBoolean(),
        "one diaper in a day logged whole");
    assertEquals(true, day("uW/w1", "feeds_complete", RUN.minusDays(3)).getAsBoolean());
  }

  @Test
  void ageInMonths_countsOnlyWholeMonths() {
    assertEquals(91, report("uA/a1").get("age_days").getAsInt());
    assertEquals(2, report("uA/a1").get("age_months").getAsInt(), "26 Aug to 25 Nov");
  }

  @Test
  void elevenMonths_isStillInThe4To11Band() {
    JsonObject norm = report("uE/e1").getAsJsonObject("sleep_norm");
    assertEquals(11, report("uE/e1").get("age_months").getAsInt());
    assertEquals(12, norm.get("min_hours").getAsInt());
    assertEquals(16, norm.get("max_hours").getAsInt());
  }

  @Test
  void threeCompleteDiaperDaysWithoutADirtyOne_flagged() {
    JsonObject k = report("uK/k1");
    assertEquals("[\"no_dirty_diaper_3_days\"]", k.getAsJsonArray("flags").toString());
    assertEquals(6, k.get("days_since_dirty_diaper").getAsInt());
  }

  @Test
  void loggedOnlyInThePreviousWeek_isNotPaused() {
    JsonObject logging = report("uQ/q1").getAsJsonObject("logging");
    assertEquals("active", logging.get("status").getAsString());
    assertEquals(10, logging.get("days_since_logged").getAsInt());
  }
}

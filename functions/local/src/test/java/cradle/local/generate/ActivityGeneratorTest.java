package cradle.local.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's truth is what its complete log says, counted as the report counts it (an event
 * belongs to the report day, 06:00 to 06:00, it starts in), and a complete log loses nothing of the
 * babies' lives.
 */
class ActivityGeneratorTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final LocalDate END = LocalDate.parse("2026-11-25");
  static final List<Event> events = new ArrayList<>();
  static final List<Truth> truths = new ArrayList<>();

  @BeforeAll
  static void generate() throws Exception {
    RecordedLog log = RecordedLog.of(new GenerationSpec(300, 28, 77, END, TOKYO, Logging.COMPLETE));
    events.addAll(log.events());
    truths.addAll(log.truths());
  }

  static LocalDate reportDay(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).atZone(TOKYO).minusHours(6).toLocalDate();
  }

  static int hour(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).atZone(TOKYO).getHour();
  }

  static String key(String userId, String babyId) {
    return userId + "/" + babyId;
  }

  @Test
  void truth_isTheCompleteLog_countedByTheReportDayEachEventStartsIn() {
    // sleep seconds, night sleep seconds, naps, night sleeps, feeds, diapers, dirty
    Map<String, Map<LocalDate, long[]>> recount = new HashMap<>();
    for (Event e : events) {
      long[] v =
          recount
              .computeIfAbsent(key(e.userId(), e.babyId()), k -> new HashMap<>())
              .computeIfAbsent(reportDay(e.startedAt()), d -> new long[7]);
      switch (e.type()) {
        case "sleep" -> {
          boolean night = hour(e.startedAt()) >= 19 || hour(e.startedAt()) < 6;
          v[0] += e.endedAt() - e.startedAt();
          v[1] += night ? e.endedAt() - e.startedAt() : 0;
          v[night ? 3 : 2]++;
        }
        case "feed" -> v[4]++;
        default -> {
          v[5]++;
          v[6] += "wet".equals(e.diaperKind()) ? 0 : 1;
        }
      }
    }
    int days = 0;
    for (Truth t : truths) {
      Map<LocalDate, long[]> logged =
          recount.getOrDefault(key(t.baby().userId(), t.baby().babyId()), Map.of());
      for (Truth.Day d : t.days()) {
        long[] v = logged.getOrDefault(d.date(), new long[7]);
        String where = t.baby().babyId() + " " + d.date() + " " + t.traits();
        assertEquals(Math.round(v[0] / 60.0), d.sleepMin(), where);
        assertEquals(Math.round(v[1] / 60.0), d.nightSleepMin(), where);
        assertEquals(v[2], d.naps(), where);
        assertEquals(Math.max(v[3] - 1, 0), d.nightWakings(), where);
        assertEquals(v[4], d.feeds(), where);
        assertEquals(v[5], d.diapers(), where);
        assertEquals(v[6], d.dirtyDiapers(), where);
        days++;
      }
      assertTrue(
          logged.keySet().stream()
              .allMatch(day -> t.days().stream().anyMatch(d -> d.date().equals(day))),
          "no logged day without a truth: " + t.baby());
    }
    assertTrue(days > 300 * 20, days + " baby-days");
  }

  /**
   * A long night runs past 06:00: its last sleep, started after 06:00 a few minutes after the
   * previous one ended, is logged (and counted in the next report day), not dropped.
   */
  @Test
  void longNight_itsSleepAfter0600_isLogged() {
    Map<String, List<Event>> sleeps = new HashMap<>();
    for (Event e : events) {
      if (e.type().equals("sleep")) {
        sleeps.computeIfAbsent(key(e.userId(), e.babyId()), k -> new ArrayList<>()).add(e);
      }
    }
    int continued = 0;
    for (List<Event> s : sleeps.values()) {
      s.sort(Comparator.comparingLong(Event::startedAt));
      for (int i = 1; i < s.size(); i++) {
        Event e = s.get(i);
        boolean afterSix = hour(e.startedAt()) == 6 || hour(e.startedAt()) == 7;
        boolean sameNight = e.startedAt() - s.get(i - 1).endedAt() <= 40 * 60;
        boolean nightBefore = hour(s.get(i - 1).startedAt()) < 6;
        if (afterSix && sameNight && nightBefore) {
          continued++;
        }
      }
    }
    assertTrue(continued > 100, continued + " nights continued past 06:00");
  }
}

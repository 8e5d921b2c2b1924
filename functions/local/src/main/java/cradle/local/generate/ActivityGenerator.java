package cradle.local.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic activity log that looks like a parenting app's.
 *
 * <p>What happens: each baby has its own sleep need for its age (newborns about 15 h, within NSF's
 * range), a night broken by wakings with feeds and some diaper changes, naps, feeds and diapers
 * placed while the baby is awake, babies from newborn (born during the log) to about 18 months, a
 * few twins.
 *
 * <p>What gets logged ({@link Logging#REALISTIC}): as families really log. Some log only some
 * categories (feeds only, feeds and diapers, no sleep...), careless ones miss events and whole
 * nights, some skip days or stop logging altogether; uploads come twice, a timer is left running or
 * never stopped, a sleep is entered with end before start or twice by two parents, a feed lacks its
 * method. {@link Logging#COMPLETE} writes every event of the same babies, correctly: the truth to
 * compare a realistic log with.
 *
 * <p>Each family draws from its own random streams (seed, family index): one for what happens, one
 * for how it is logged. So the same seed and end date always give the same babies and events,
 * whatever the number of families and whichever the logging.
 */
public final class ActivityGenerator {
  /** Receives the generated log. */
  public interface Sink {
    void baby(Baby baby) throws Exception;

    void event(Event event) throws Exception;

    /** What really happened to a baby over the log, after its last event. */
    default void truth(Truth truth) throws Exception {}
  }

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final long seed;
  private final ZoneId zone;
  private final Logging logging;

  public ActivityGenerator(long seed, ZoneId zone) {
    this(seed, zone, Logging.REALISTIC);
  }

  public ActivityGenerator(long seed, ZoneId zone, Logging logging) {
    this.seed = seed;
    this.zone = zone;
    this.logging = logging;
  }

  /**
   * Generates about {@code babies} babies logged over the {@code days} report days ending with
   * {@code end}.
   */
  public void generate(int babies, int days, LocalDate end, Sink sink) throws Exception {
    int made = 0;
    for (int family = 0; made < babies; family++) {
      made += family(family, Math.min(2, babies - made), days, end, sink);
    }
  }

  private int family(int index, int maxBabies, int days, LocalDate end, Sink sink)
      throws Exception {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    SplittableRandom habitsRandom = r.split();
    String userId = id(r, 28);
    // about 8 % are born while the log runs (newborns from day 0), the rest up to 18 months old
    LocalDate birth =
        r.nextDouble() < 0.08
            ? end.minusDays(r.nextInt(0, days))
            : end.minusDays(days + r.nextInt(0, 520));
    boolean twins = maxBabies == 2 && r.nextDouble() < 0.03;
    int count = twins ? 2 : 1;
    FamilyHabits habits = FamilyHabits.draw(habitsRandom, days);
    for (int b = 0; b < count; b++) {
      Baby baby = new Baby(userId, "baby-" + (b + 1) + "-" + id(r, 6).toLowerCase(), birth);
      sink.baby(baby);
      SplittableRandom life = r.split();
      SplittableRandom log = habitsRandom.split();
      double need = SleepNeed.draw(life);
      // its own stream: the traits leave the other draws, and so the other babies, as they were
      Traits traits =
          Traits.draw(new SplittableRandom(~(seed * 1_000_003L + index) * 31 + b), days);
      List<Truth.Day> truth = new ArrayList<>(days);
      int napExtra = life.nextInt(0, 2);
      Logger logger = new Logger(baby, habits, log, sink);
      LocalDateTime wake = end.minusDays(days - 1).atTime(6, 0).plusMinutes(life.nextInt(0, 90));
      // an event belongs to the report day (06:00 to 06:00) it starts in, as the report counts it,
      // whichever day of the baby's life made it: the last sleep of a long night, starting after
      // 06:00, is the next report day's; an early riser's day, started at 04:00, the day before's
      List<List<Event>> reportDays = new ArrayList<>(days);
      for (int d = 0; d < days; d++) {
        reportDays.add(new ArrayList<>(40));
      }
      LocalDate first = end.minusDays(days - 1);
      for (int d = days - 1; d >= 0; d--) {
        LocalDate day = end.minusDays(d);
        int ageDays = (int) ChronoUnit.DAYS.between(birth, day);
        List<Event> events = new ArrayList<>(40);
        wake =
            day(
                life,
                baby,
                habits,
                traits,
                d,
                day,
                Math.max(ageDays, 0),
                need,
                napExtra,
                wake,
                events);
        if (ageDays < 0) {
          continue;
        }
        for (Event e : events) {
          LocalDate reportDay =
              Instant.ofEpochSecond(e.startedAt()).atZone(zone).minusHours(6).toLocalDate();
          // nothing before birth, and the last report day ends the log
          if (!reportDay.isBefore(birth) && !reportDay.isBefore(first) && !reportDay.isAfter(end)) {
            reportDays.get((int) ChronoUnit.DAYS.between(first, reportDay)).add(e);
          }
        }
      }
      for (int d = days - 1; d >= 0; d--) {
        LocalDate day = end.minusDays(d);
        if (day.isBefore(birth)) {
          continue;
        }
        List<Event> events = reportDays.get(days - 1 - d);
        truth.add(truthOf(day, events));
        logger.day(days - 1 - d, events, epoch(day.plusDays(1).atTime(6, 0)));
      }
      sink.truth(new Truth(baby, traits, truth));
    }
    return count;
  }

  /** One day of a baby's life from {@code wake}; returns when it wakes the next morning. */
  private LocalDateTime day(
      SplittableRandom r,
      Baby baby,
      FamilyHabits habits,
      Traits traits,
      int daysBeforeEnd,
      LocalDate day,
      int ageDays,
      double need,
      int napExtra,
      LocalDateTime wake,
      List<Event> events) {
    double months = ageDays / 30.44;
    // an early waker, or a short sleeper whose night ended before 05:00, starts its day then
    boolean earlyStart =
        (traits.earlyWaker() || "short".equals(traits.sleeper()))
            && !wake.toLocalDate().isBefore(day);
    if (wake.toLocalDate().isBefore(day) || (wake.getHour() < 5 && !earlyStart)) {
      wake = day.atTime(6, 0).plusMinutes(r.nextInt(0, 60));
    }
    boolean sick = traits.sickOn(daysBeforeEnd);
    double totalHours =
        Math.max(
            5,
            SleepNeed.forAge(months)
                + need
                + traits.sleepHoursOffset()
                + r.nextGaussian() * 0.5
                - (sick ? 1.5 : 0));
    double nightShare = months < 3 ? 0.58 : months < 6 ? 0.66 : months < 12 ? 0.74 : 0.8;
    long nightSleep = (long) (totalHours * nightShare * 3600);
    if (traits.earlyWaker()) {
      // bed at 19:00-19:30 and up before 04:30: the night is shorter, the naps make up for it;
      // 40 min kept for each waking the night may have
      int maxWakings = (months < 3 ? 3 : months < 6 ? 2 : 2) + (sick ? 2 : 0);
      nightSleep = Math.min(nightSleep, (long) (9 * 3600 - maxWakings * 40 * 60));
    }
    long daySleep = (long) (totalHours * 3600) - nightSleep;
    LocalDateTime bedtime =
        day.atTime(months < 3 ? 20 : 19, 0).plusMinutes(r.nextInt(0, months < 3 ? 120 : 90));
    if (traits.lateBedtime()) {
      bedtime = day.atTime(23, 30).plusMinutes(r.nextInt(0, 75));
    } else if (traits.earlyWaker()) {
      bedtime = day.atTime(19, 0).plusMinutes(r.nextInt(0, 30));
    }
    long bed = epoch(bedtime);

    // naps spread over the waking day: a baby keeps its own number for its age
    int naps =
        months < 3 ? 4 + napExtra : months < 6 ? 3 + napExtra : months < 12 ? 2 + napExtra : 1;
    if (traits.napTransition() && months >= 6 && naps > 1 && r.nextBoolean()) {
      naps--; // dropping a nap: the same day sleep in fewer, longer naps
    }
    long dayStart = epoch(wake) + 3600;
    long slot = (bed - 3600 - dayStart) / naps;
    List<long[]> asleep = new ArrayList<>();
    for (int i = 0; i < naps; i++) {
      long len = Math.max(20 * 60, Math.min(slot - 1800, daySleep / naps));
      long start = dayStart + i * slot + r.nextLong(0, Math.max(1, slot - len - 600));
      asleep.add(new long[] {start, start + len});
    }

    // the night: (wakings + 1) sleeps, a feed at most wakings, a diaper change at some
    int wakings =
        months < 3
            ? r.nextInt(2, 4)
            : months < 6 ? r.nextInt(1, 3) : months < 12 ? r.nextInt(0, 3) : r.nextInt(0, 2);
    if (sick) {
      wakings += 2;
    }
    while ("long".equals(traits.sleeper()) && nightSleep / (wakings + 1) > 6 * 3600) {
      wakings++; // a long night is broken too: no sleep of 14 h, which the report takes for a timer
    }
    long cursor = bed;
    for (int i = 0; i <= wakings; i++) {
      long len = nightSleep / (wakings + 1);
      asleep.add(new long[] {cursor, cursor + len});
      cursor += len;
      if (i < wakings) {
        long awake = 60L * r.nextInt(15, 40);
        if (months < 9 && r.nextDouble() < 0.85) {
          events.add(feed(r, baby, habits, cursor + 120, months));
        }
        if (months < 6 && r.nextDouble() < 0.5) {
          events.add(Event.diaper(baby, cursor + 60, "wet"));
        }
        cursor += awake;
      }
    }
    for (long[] s : asleep) {
      events.add(Event.sleep(baby, s[0], s[1]));
    }

    // daytime feeds and diapers, while awake
    long awakeFrom = epoch(wake);
    int feeds = months < 3 ? r.nextInt(6, 8) : months < 6 ? r.nextInt(5, 7) : r.nextInt(3, 6);
    for (int i = 0; i < feeds; i++) {
      long at = awakeTime(r, asleep, awakeFrom, bed, i, feeds);
      events.add(feed(r, baby, habits, at, months));
    }
    int changes = months < 6 ? r.nextInt(6, 9) : r.nextInt(5, 8);
    int dirty = months < 2 ? r.nextInt(2, 5) : months < 6 ? r.nextInt(1, 4) : r.nextInt(0, 3);
    for (int i = 0; i < changes; i++) {
      String kind = i < dirty ? (r.nextDouble() < 0.3 ? "mixed" : "dirty") : "wet";
      events.add(Event.diaper(baby, awakeTime(r, asleep, awakeFrom, bed, i, changes), kind));
    }
    return Instant.ofEpochSecond(cursor).atZone(zone).toLocalDateTime();
  }

  /** The report day as it happened, counted as the report counts it. */
  private Truth.Day truthOf(LocalDate day, List<Event> events) {
    long sleepS = 0;
    long nightS = 0;
    int naps = 0;
    int nightSleeps = 0;
    int feeds = 0;
    int diapers = 0;
    int dirty = 0;
    for (Event e : events) {
      switch (e.type()) {
        case "sleep" -> {
          sleepS += e.endedAt() - e.startedAt();
          int hour = Instant.ofEpochSecond(e.startedAt()).atZone(zone).getHour();
          if (hour >= 19 || hour < 6) {
            nightS += e.endedAt() - e.startedAt();
            nightSleeps++;
          } else {
            naps++;
          }
        }
        case "feed" -> feeds++;
        default -> {
          diapers++;
          if (!"wet".equals(e.diaperKind())) {
            dirty++;
          }
        }
      }
    }
    return new Truth.Day(
        day,
        (int) Math.round(sleepS / 60.0),
        (int) Math.round(nightS / 60.0),
        naps,
        Math.max(nightSleeps - 1, 0),
        feeds,
        diapers,
        dirty);
  }

  /** The i-th of n times spread over [from, to) that falls while the baby is awake. */
  private static long awakeTime(
      SplittableRandom r, List<long[]> asleep, long from, long to, int i, int n) {
    long slot = (to - from) / n;
    long at = from + i * slot + r.nextLong(0, Math.max(1, slot));
    for (long[] s : asleep) {
      if (at >= s[0] && at < s[1]) {
        at = s[1] + 300 + 120L * i; // after the nap, never two at the same second
      }
    }
    return at;
  }

  private Event feed(
      SplittableRandom r, Baby baby, FamilyHabits habits, long start, double months) {
    boolean bottle = r.nextDouble() < habits.bottleShare();
    if (bottle) {
      int ml =
          months < 1
              ? r.nextInt(60, 91)
              : months < 3
                  ? r.nextInt(90, 151)
                  : months < 6 ? r.nextInt(140, 201) : r.nextInt(160, 241);
      ml = ml / 10 * 10;
      return Event.feed(baby, start, start + 60L * r.nextInt(8, 20), "bottle", ml);
    }
    return Event.feed(baby, start, start + 60L * r.nextInt(10, 35), "breast", 0);
  }

  private long epoch(LocalDateTime local) {
    return local.atZone(zone).toEpochSecond();
  }

  private static String id(SplittableRandom r, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHANUMERIC.charAt(r.nextInt(ALPHANUMERIC.length()));
    }
    return new String(c);
  }

  /** Hours of sleep per 24 h by age: within NSF 2015's recommended ranges, plus a baby's own. */
  private static final class SleepNeed {
    static double forAge(double months) {
      return months < 4 ? 15.0 : months < 12 ? 13.5 : 12.5;
    }

    /** A baby's own offset from the typical hours. */
    static double draw(SplittableRandom r) {
      return r.nextGaussian() * 0.9;
    }
  }

  /** Writes what a family logs of one baby's day (everything, correctly, when complete). */
  private final class Logger {
    private final Baby baby;
    private final FamilyHabits habits;
    private final SplittableRandom r;
    private final Sink sink;
    private long counter;
    private long reportDayEnd;

    Logger(Baby baby, FamilyHabits habits, SplittableRandom r, Sink sink) {
      this.baby = baby;
      this.habits = habits;
      this.r = r;
      this.sink = sink;
    }

    void day(int dayIndex, List<Event> events, long reportDayEnd) throws Exception {
      this.reportDayEnd = reportDayEnd;
      if (logging == Logging.COMPLETE) {
        for (Event e : events) {
          write(e);
        }
        return;
      }
      if (habits.skips(dayIndex)) {
        return;
      }
      boolean nightForgotten = r.nextDouble() < habits.forgetsNight();
      boolean afternoonForgotten = r.nextDouble() < habits.forgetsNight() / 2;
      for (Event e : events) {
        if (!habits.logs(e.type()) || r.nextDouble() < habits.missed()) {
          continue;
        }
        int hour = Instant.ofEpochSecond(e.startedAt()).atZone(zone).getHour();
        if (nightForgotten && "sleep".equals(e.type()) && (hour >= 19 || hour < 6)) {
          continue;
        }
        if (afternoonForgotten && hour >= 13 && hour < 19) {
          continue;
        }
        write(mistake(e));
        if (r.nextDouble() < habits.duplicates()) {
          write(e); // uploaded twice
        }
      }
    }

    /** Now and then an entry goes wrong as app entries do. */
    private Event mistake(Event e) throws Exception {
      double p = r.nextDouble();
      if ("sleep".equals(e.type())) {
        if (p < 0.006) { // the timer was never stopped
          return e.retimed(e.startedAt(), 0, e.feedMethod());
        }
        if (p < 0.012) { // the timer was stopped the next day
          return e.retimed(
              e.startedAt(), e.startedAt() + 3600L * r.nextInt(18, 30), e.feedMethod());
        }
        if (p < 0.016) { // end and start swapped
          return e.retimed(e.endedAt(), e.startedAt(), e.feedMethod());
        }
        if (p < 0.026) { // the other parent logged it too, a little inside
          write(e.retimed(e.startedAt() + 300, e.endedAt() - 300, null));
        }
      } else if ("feed".equals(e.type()) && p < 0.02) {
        return e.retimed(e.startedAt(), e.endedAt(), null);
      }
      return e;
    }

    private void write(Event e) throws Exception {
      if (e.startedAt() >= reportDayEnd) {
        return; // a mistake never dates an entry into a later report day (the log ends at end)
      }
      sink.event(e.withId(baby.babyId() + "-" + Long.toString(counter++, 36)));
    }
  }

  /**
   * How a family logs: which categories, how carefully, how much by bottle, which days it skipped,
   * and whether it stopped.
   */
  private record FamilyHabits(
      boolean sleep,
      boolean feeds,
      boolean diapers,
      double missed,
      double forgetsNight,
      double duplicates,
      double bottleShare,
      int gapStart,
      int gapLength,
      int stopsAfter) {
    static FamilyHabits draw(SplittableRandom r, int days) {
      double which = r.nextDouble();
      // 70 % log everything; the rest only some categories
      boolean sleep = which < 0.70 || (which >= 0.88 && which < 0.95);
      boolean feeds = which < 0.88 || which >= 0.95 && which < 0.97;
      boolean diapers = which < 0.82 || which >= 0.97;
      boolean careless = r.nextDouble() < 0.25;
      // careless families forget whole nights and afternoons, and now and then one entry
      double missed = careless ? 0.03 + 0.05 * r.nextDouble() : 0.01 * r.nextDouble();
      double forgetsNight = careless ? 0.1 + 0.3 * r.nextDouble() : 0.02;
      double duplicates = r.nextDouble() < 0.05 ? 0.05 : 0;
      double kind = r.nextDouble();
      double bottleShare = kind < 0.4 ? 0 : kind < 0.7 ? 1 : 0.2 + 0.6 * r.nextDouble();
      boolean gap = r.nextDouble() < 0.1;
      int gapStart = gap ? r.nextInt(0, Math.max(1, days - 2)) : -1;
      int gapLength = gap ? r.nextInt(2, 6) : 0;
      double stop = r.nextDouble();
      // 3 % stop during the log, 2 % stopped before the last 14 days (paused families)
      int stopsAfter =
          stop < 0.03
              ? r.nextInt(Math.max(1, days / 2), days)
              : stop < 0.05 ? r.nextInt(1, Math.max(2, days - 14)) : days;
      return new FamilyHabits(
          sleep,
          feeds,
          diapers,
          missed,
          forgetsNight,
          duplicates,
          bottleShare,
          gapStart,
          gapLength,
          stopsAfter);
    }

    boolean logs(String type) {
      return switch (type) {
        case "sleep" -> sleep;
        case "feed" -> feeds;
        default -> diapers;
      };
    }

    /** Whether nothing was logged on day {@code d} (0 = first day). */
    boolean skips(int d) {
      return d >= stopsAfter || (gapStart >= 0 && d >= gapStart && d < gapStart + gapLength);
    }
  }
}

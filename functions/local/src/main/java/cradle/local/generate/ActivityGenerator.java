package cradle.local.generate;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic activity log that looks like a parenting app's: night sleep broken by
 * wakings, naps, breast and bottle feeds, wet and dirty diapers, all shifting with the baby's age;
 * some families log carelessly, some stop for a few days, a few have twins.
 *
 * <p>Each family draws from its own random stream (seed, family index), so the same seed and end
 * date always give the same log, whatever the number of families.
 */
public final class ActivityGenerator {
  /** Receives the generated log. */
  public interface Sink {
    void baby(Baby baby) throws Exception;

    void event(Event event) throws Exception;
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
    String userId = id(r, 28);
    LocalDate birth = end.minusDays(days + r.nextInt(3, 520));
    boolean twins = maxBabies == 2 && r.nextDouble() < 0.03;
    int count = twins ? 2 : 1;
    FamilyHabits habits = FamilyHabits.draw(r, days);
    for (int b = 0; b < count; b++) {
      Baby baby = new Baby(userId, "baby-" + (b + 1) + "-" + id(r, 6).toLowerCase(), birth);
      sink.baby(baby);
      SplittableRandom br = r.split();
      long counter = 0;
      for (int d = days - 1; d >= 0; d--) {
        LocalDate day = end.minusDays(d);
        if (logging == Logging.REALISTIC && habits.skips(days - 1 - d)) {
          continue;
        }
        int ageDays = (int) ChronoUnit.DAYS.between(birth, day);
        long reportDayEnd = epoch(day.plusDays(1).atTime(6, 0));
        for (Event e : day(br, baby, habits, day, ageDays)) {
          // keep each day's events inside its report day (06:00 to 06:00)
          // the draw is made in both modes, so both give the same babies and events
          if (e.startedAt() < reportDayEnd
              && (br.nextDouble() < habits.diligence() || logging == Logging.COMPLETE)) {
            sink.event(withId(e, baby.babyId() + "-" + Long.toString(counter++, 36)));
          }
        }
      }
    }
    return count;
  }

  private List<Event> day(
      SplittableRandom r, Baby baby, FamilyHabits habits, LocalDate day, int ageDays) {
    double months = ageDays / 30.4;
    List<Event> events = new ArrayList<>(32);
    LocalDateTime wake = day.atTime(6, 0).plusMinutes(r.nextInt(0, 90));
    LocalDateTime bedtime =
        months < 3
            ? day.atTime(20, 30).plusMinutes(r.nextInt(0, 120))
            : day.atTime(19, 0).plusMinutes(r.nextInt(0, 120));
    LocalDateTime nextWake = day.plusDays(1).atTime(5, 30).plusMinutes(r.nextInt(0, 120));

    // night: (wakings + 1) sleeps from bedtime to the next morning, a feed at some wakings
    int wakings =
        months < 3
            ? r.nextInt(2, 5)
            : months < 6 ? r.nextInt(1, 4) : months < 12 ? r.nextInt(0, 3) : r.nextInt(0, 2);
    long nightStart = epoch(bedtime);
    long nightEnd = epoch(nextWake);
    long awake = 0;
    List<long[]> nightSleeps = new ArrayList<>();
    long cursor = nightStart;
    for (int i = 0; i <= wakings; i++) {
      long remaining = nightEnd - cursor - awake;
      long len =
          i == wakings
              ? nightEnd - cursor
              : (long) (remaining / (wakings + 1 - i) * (0.6 + 0.8 * r.nextDouble()));
      long endS = Math.min(nightEnd, cursor + Math.max(1800, len));
      nightSleeps.add(new long[] {cursor, endS});
      long gap = 60L * r.nextInt(10, 40);
      if (i < wakings && months < 9 && r.nextDouble() < 0.8) {
        events.add(feed(r, baby, habits, endS + 120, months));
      }
      cursor = endS + gap;
      if (cursor >= nightEnd - 1800) {
        break;
      }
    }
    for (long[] s : nightSleeps) {
      events.add(new Event(null, baby.userId(), baby.babyId(), "sleep", s[0], s[1], null, 0, null));
    }

    // naps spread through the waking day
    int naps =
        months < 3
            ? r.nextInt(4, 6)
            : months < 6 ? r.nextInt(3, 5) : months < 12 ? r.nextInt(2, 4) : r.nextInt(1, 3);
    long dayStart = epoch(wake) + 5400;
    long dayEnd = epoch(bedtime) - 5400;
    long slot = Math.max(1, (dayEnd - dayStart) / naps);
    for (int i = 0; i < naps; i++) {
      long start = dayStart + i * slot + r.nextLong(0, Math.max(1, slot / 3));
      long len = 60L * (months < 12 ? r.nextInt(30, 120) : r.nextInt(60, 150));
      events.add(
          new Event(
              null,
              baby.userId(),
              baby.babyId(),
              "sleep",
              start,
              Math.min(start + len, dayEnd + 5000),
              null,
              0,
              null));
    }

    // daytime feeds
    int feeds =
        months < 3
            ? r.nextInt(6, 9)
            : months < 6 ? r.nextInt(5, 7) : months < 12 ? r.nextInt(4, 6) : r.nextInt(3, 5);
    long feedSlot = (epoch(bedtime) - epoch(wake)) / feeds;
    for (int i = 0; i < feeds; i++) {
      events.add(
          feed(
              r,
              baby,
              habits,
              epoch(wake) + i * feedSlot + r.nextLong(0, Math.max(1, feedSlot / 2)),
              months));
    }

    // diapers
    int wet = months < 6 ? r.nextInt(6, 10) : r.nextInt(5, 8);
    int dirty = months < 2 ? r.nextInt(2, 6) : months < 6 ? r.nextInt(1, 4) : r.nextInt(0, 3);
    long diaperSlot = (epoch(bedtime) - epoch(wake)) / wet;
    for (int i = 0; i < wet; i++) {
      String kind = i < dirty ? (r.nextDouble() < 0.3 ? "mixed" : "dirty") : "wet";
      long at = epoch(wake) + i * diaperSlot + r.nextLong(0, Math.max(1, diaperSlot));
      events.add(new Event(null, baby.userId(), baby.babyId(), "diaper", at, 0, null, 0, kind));
    }
    return events;
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
      return new Event(
          null,
          baby.userId(),
          baby.babyId(),
          "feed",
          start,
          start + 60L * r.nextInt(8, 20),
          "bottle",
          ml,
          null);
    }
    return new Event(
        null,
        baby.userId(),
        baby.babyId(),
        "feed",
        start,
        start + 60L * r.nextInt(10, 35),
        "breast",
        0,
        null);
  }

  private long epoch(LocalDateTime local) {
    return local.atZone(zone).toEpochSecond();
  }

  private static Event withId(Event e, String id) {
    return new Event(
        id,
        e.userId(),
        e.babyId(),
        e.type(),
        e.startedAt(),
        e.endedAt(),
        e.feedMethod(),
        e.amountMl(),
        e.diaperKind());
  }

  private static String id(SplittableRandom r, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHANUMERIC.charAt(r.nextInt(ALPHANUMERIC.length()));
    }
    return new String(c);
  }

  /** How a family logs: how carefully, how much by bottle, and which days it skipped. */
  private record FamilyHabits(
      double diligence, double bottleShare, int gapStart, int gapLength, int stopsAfter) {
    static FamilyHabits draw(SplittableRandom r, int days) {
      double diligence =
          r.nextDouble() < 0.15 ? 0.55 + 0.3 * r.nextDouble() : 0.9 + 0.1 * r.nextDouble();
      double kind = r.nextDouble();
      double bottleShare = kind < 0.4 ? 0 : kind < 0.7 ? 1 : 0.2 + 0.6 * r.nextDouble();
      boolean gap = r.nextDouble() < 0.1;
      int gapStart = gap ? r.nextInt(0, Math.max(1, days - 2)) : -1;
      int gapLength = gap ? r.nextInt(2, 6) : 0;
      int stopsAfter = r.nextDouble() < 0.02 ? r.nextInt(Math.max(1, days / 2), days) : days;
      return new FamilyHabits(diligence, bottleShare, gapStart, gapLength, stopsAfter);
    }

    /** Whether nothing was logged on day {@code d} (0 = first day). */
    boolean skips(int d) {
      return d >= stopsAfter || (gapStart >= 0 && d >= gapStart && d < gapStart + gapLength);
    }
  }
}

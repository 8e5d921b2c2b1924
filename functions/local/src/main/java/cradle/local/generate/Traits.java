package cradle.local.generate;

import java.util.SplittableRandom;

/**
 * What real babies do besides the typical: sleep far from their age band, wake early, go to bed
 * late, drop a nap, fall ill. Drawn from a stream of their own, so a seed's other babies and events
 * stay as they were.
 *
 * @param sleepHoursOffset hours a day added to the typical sleep for the age (negative: less)
 * @param earlyWaker ends its night before 04:30 and starts its day then
 * @param lateBedtime falls asleep between 23:30 and 00:45
 * @param napTransition takes one nap fewer on about half its days (from 6 months)
 * @param sickFrom the first of three sick report days (from the log's end, 0 = last), or -1
 */
public record Traits(
    String sleeper,
    double sleepHoursOffset,
    boolean earlyWaker,
    boolean lateBedtime,
    boolean napTransition,
    int sickFrom) {

  /** How far below or above its age band a short or long sleeper sleeps, in hours a day. */
  static Traits draw(SplittableRandom r, int days) {
    double s = r.nextDouble();
    // about 6 % sleep less than every band for their age and 3 % more (NSF's "not recommended")
    String sleeper = s < 0.06 ? "short" : s < 0.09 ? "long" : "typical";
    double offset =
        switch (sleeper) {
          case "short" -> -(3.5 + 1.5 * r.nextDouble());
          case "long" -> 5.0 + 1.0 * r.nextDouble();
          default -> 0;
        };
    boolean earlyWaker = r.nextDouble() < 0.08;
    boolean lateBedtime = !earlyWaker && r.nextDouble() < 0.05;
    boolean napTransition = r.nextDouble() < 0.15;
    int sickFrom = r.nextDouble() < 0.05 ? r.nextInt(0, Math.max(1, Math.min(days, 14) - 2)) : -1;
    return new Traits(sleeper, offset, earlyWaker, lateBedtime, napTransition, sickFrom);
  }

  boolean sickOn(int daysBeforeEnd) {
    return sickFrom >= 0 && daysBeforeEnd >= sickFrom && daysBeforeEnd < sickFrom + 3;
  }
}

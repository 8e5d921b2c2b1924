package cradle.local.generate;

import java.time.LocalDate;
import java.util.List;

/**
 * What really happened to one baby, whatever its family logged: the report's ground truth. Days are
 * report days (06:00 to 06:00), counted as the report counts them: an event belongs to the day it
 * starts in, a night to the evening it began.
 */
public record Truth(Baby baby, Traits traits, List<Day> days) {

  /** One report day of a baby's life. */
  public record Day(
      LocalDate date,
      int sleepMin,
      int nightSleepMin,
      int naps,
      int nightWakings,
      int feeds,
      int diapers,
      int dirtyDiapers) {}
}

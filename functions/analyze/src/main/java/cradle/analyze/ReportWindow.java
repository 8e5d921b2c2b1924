package cradle.analyze;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The UTC bounds of the report days an analysis reads: {@link #DAYS} report days ending with the
 * run date, each running from {@link #DAY_START} to {@link #DAY_START} the next day, local time.
 * Computed here, with the zone's real rules, so the SQL can filter on plain timestamps.
 */
public record ReportWindow(Instant start, Instant end) {
  /** The report day begins at 06:00 so that one night's sleep falls in one report day. */
  public static final LocalTime DAY_START = LocalTime.of(6, 0);

  /** Two weeks: this week's figures and the week before, for the change between them. */
  public static final int DAYS = 14;

  public static ReportWindow ending(LocalDate runDate, ZoneId zone) {
    Instant start = runDate.minusDays(DAYS - 1).atTime(DAY_START).atZone(zone).toInstant();
    Instant end = runDate.plusDays(1).atTime(DAY_START).atZone(zone).toInstant();
    return new ReportWindow(start, end);
  }
}

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
  /**
   * How long a family that stopped logging keeps a report saying so, counted in report days back
   * from the run date ({@code CRADLE_PAUSED_REPORT_DAYS}).
   */
  public static final String PAUSED_REPORT_DAYS = "CRADLE_PAUSED_REPORT_DAYS";

  public static final long DEFAULT_PAUSED_REPORT_DAYS = 60;

  /** The report day begins at 06:00 so that one night's sleep falls in one report day. */
  public static final LocalTime DAY_START = LocalTime.of(6, 0);

  /** Two weeks: this week's figures and the week before, for the change between them. */
  public static final int DAYS = 14;

  public static ReportWindow ending(LocalDate runDate, ZoneId zone) {
    Instant start = runDate.minusDays(DAYS - 1).atTime(DAY_START).atZone(zone).toInstant();
    Instant end = runDate.plusDays(1).atTime(DAY_START).atZone(zone).toInstant();
    return new ReportWindow(start, end);
  }

  /**
   * The UTC start of the report day {@code retentionDays - 1} days before the run date: a baby
   * whose last event lies at or after it still gets a report, saying when it was last logged.
   */
  public static Instant historyStart(LocalDate runDate, ZoneId zone, long retentionDays) {
    long days = Math.max(DAYS, retentionDays);
    return runDate.minusDays(days - 1).atTime(DAY_START).atZone(zone).toInstant();
  }

  /** The analysis SQL's query parameters for one report date, by name (without the {@code @}). */
  public static java.util.Map<String, Object> parameters(
      LocalDate runDate, ZoneId zone, long retentionDays) {
    ReportWindow window = ending(runDate, zone);
    return java.util.Map.of(
        "run_date", runDate,
        "time_zone", zone.getId(),
        "window_start", window.start(),
        "window_end", window.end(),
        "history_start", historyStart(runDate, zone, retentionDays));
  }
}

package cradle.local;

import cradle.local.generate.GenerationSpec;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;

/** Generated warehouses for tests, and what they hold counted without the analysis SQL. */
public final class LocalWarehouseFixture {
  private LocalWarehouseFixture() {}

  static LocalWarehouse.Generated generate(
      Path file, int babies, int days, long seed, LocalDate end) throws Exception {
    return LocalWarehouse.generate(
        file, GenerationSpec.realistic(babies, days, seed, end, ZoneId.of("Asia/Tokyo")));
  }

  /**
   * The babies with an event in the report window of {@code runDate} (its 14 days, and before them
   * the retention of paused families: 60 report days from 06:00 in {@code zone}), counted straight
   * from the events: the rows the analysis must write.
   */
  public static int babiesWithEventsInWindow(Path warehouse, LocalDate runDate, ZoneId zone)
      throws Exception {
    var from = runDate.minusDays(ReportRun.RETENTION_DAYS - 1).atTime(6, 0).atZone(zone);
    var to = runDate.plusDays(1).atTime(6, 0).atZone(zone);
    try (var c = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
        var s =
            c.prepareStatement(
                "SELECT count(DISTINCT (user_id, baby_id)) FROM events"
                    + " WHERE started_at >= ?::TIMESTAMPTZ AND started_at < ?::TIMESTAMPTZ")) {
      s.setString(1, from.toInstant().toString());
      s.setString(2, to.toInstant().toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}

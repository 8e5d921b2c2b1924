package cradle.local;

import static cradle.local.ReportRun.diaper;
import static cradle.local.ReportRun.feed;
import static cradle.local.ReportRun.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.analyze.AnalysisSql;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.local.generate.GenerationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis SQL, unchanged, on DuckDB through duckdb_compat.sql and on GoogleSQL's reference
 * engine (ZetaSQL, what BigQuery implements): the rows must be identical, field for field, as the
 * export encodes them. Millisecond times throughout, as the app writes them.
 */
class GoogleSqlEquivalenceTest {
  private static final LocalDate RUN = LocalDate.parse("2026-11-25");
  private static final ZoneId TOKYO = ReportRun.TOKYO;

  @TempDir Path dir;

  private SqlCheck.Result check(Path warehouse, LocalDate date, ZoneId zone, String compat)
      throws Exception {
    Path scratch = Files.createTempDirectory(dir, "check");
    return SqlCheck.compare(
        new SqlCheck.Input(
            warehouse, date, zone, ReportRun.RETENTION_DAYS, AnalysisSql.query(), compat, 0),
        scratch);
  }

  private static String shown(SqlCheck.Result r) {
    return r.differences().stream()
        .limit(20)
        .map(SqlCheck.Difference::line)
        .collect(Collectors.joining("\n"));
  }

  private Path generated(String name, int babies, LocalDate end, ZoneId zone) throws Exception {
    Path db = dir.resolve(name + ".duckdb");
    LocalWarehouse.generate(db, GenerationSpec.realistic(babies, 21, 11, end, zone));
    return db;
  }

  /** A generated log analyzed on both engines: the same rows, one for each baby with events. */
  private void assertSameRowsOnBothEngines(String name, int babies, LocalDate end, ZoneId zone)
      throws Exception {
    Path db = generated(name, babies, end, zone);

    SqlCheck.Result r = check(db, end, zone, DuckDbWarehouse.COMPAT);

    assertTrue(r.agree(), shown(r));
    assertEquals(LocalWarehouseFixture.babiesWithEventsInWindow(db, end, zone), r.rows());
  }

  @Test
  void generatedLog_withMilliseconds_sameRowsOnBothEngines() throws Exception {
    assertSameRowsOnBothEngines("tokyo", 60, RUN, TOKYO);
  }

  /** New York leaves daylight saving time on 2026-11-01, inside the 14 days ending 11-08. */
  @Test
  void zoneCrossingADstChange_sameRowsOnBothEngines() throws Exception {
    ZoneId newYork = ZoneId.of("America/New_York");
    LocalDate end = LocalDate.parse("2026-11-08");
    assertTrue(
        newYork.getRules().getOffset(end.minusDays(13).atStartOfDay(newYork).toInstant())
            != newYork.getRules().getOffset(end.atStartOfDay(newYork).toInstant()),
        "the window holds the change");

    assertSameRowsOnBothEngines("new-york", 40, end, newYork);
  }

  /** Every hygiene rule and every NULL the log may hold, on hand-built babies. */
  @Test
  void handBuiltBabies_everyHygieneRule_sameRowsOnBothEngines() throws Exception {
    Path db = dir.resolve("hand-built.duckdb");
    LocalDate sixMonths = RUN.minusMonths(6);
    List<Baby> babies =
        List.of(
            new Baby("uH", "h1", sixMonths),
            new Baby("uH", "h2", sixMonths), // twin: feeds only
            new Baby("uN", "n1", RUN), // born on the run date
            new Baby("uP", "p1", sixMonths)); // paused: last logged 20 days ago
    List<Event> events =
        List.of(
            // a night and naps, twice (exact duplicates count once)
            sleep("uH/h1", "2026-11-24T20:00:00", "2026-11-25T05:30:00"),
            sleep("uH/h1", "2026-11-24T20:00:00", "2026-11-25T05:30:00"),
            sleep("uH/h1", "2026-11-25T09:00:00", "2026-11-25T10:30:00"),
            sleep("uH/h1", "2026-11-25T13:00:00", "2026-11-25T14:45:00"),
            // inside an earlier sleep; a timer left open; ended before it started; over 14 h
            sleep("uH/h1", "2026-11-24T22:00:00", "2026-11-24T23:00:00"),
            sleep("uH/h1", "2026-11-25T16:00:00", null),
            sleep("uH/h1", "2026-11-23T15:00:00", "2026-11-23T14:00:00"),
            sleep("uH/h1", "2026-11-22T18:00:00", "2026-11-23T12:30:00"),
            // the report day's boundaries: 05:59:59 belongs to the day before, 06:00:00 to its own
            sleep("uH/h1", "2026-11-24T05:59:59", "2026-11-24T06:40:00"),
            sleep("uH/h1", "2026-11-24T06:00:00", "2026-11-24T06:20:00"),
            sleep("uH/h1", "2026-11-23T18:59:59", "2026-11-23T19:30:00"),
            // feeds: breast, bottle with and without an amount, an unknown and no method
            feed("uH/h1", "2026-11-25T07:00:00", "breast", 0),
            feed("uH/h1", "2026-11-25T11:00:00", "bottle", 160),
            feed("uH/h1", "2026-11-25T15:00:00", "bottle", 0),
            feed("uH/h1", "2026-11-25T18:00:00", "spoon", 0),
            feed("uH/h1", "2026-11-25T23:00:00", null, 0),
            feed("uH/h1", "2026-11-26T05:59:59", "breast", 0),
            // diapers: each kind and none
            diaper("uH/h1", "2026-11-25T07:30:00", "wet"),
            diaper("uH/h1", "2026-11-25T12:00:00", "dirty"),
            diaper("uH/h1", "2026-11-25T17:00:00", "mixed"),
            diaper("uH/h1", "2026-11-25T21:00:00", null),
            feed("uH/h2", "2026-11-25T08:00:00", "bottle", 120),
            feed("uH/h2", "2026-11-20T08:00:00", "breast", 0),
            feed("uN/n1", "2026-11-25T10:00:00", "breast", 0),
            diaper("uN/n1", "2026-11-25T10:30:00", "wet"),
            diaper("uP/p1", "2026-11-05T10:00:00", "wet"));
    ReportRun.load(db, dir, babies, events, true);

    SqlCheck.Result r = check(db, RUN, TOKYO, DuckDbWarehouse.COMPAT);

    assertTrue(r.agree(), shown(r));
    assertEquals(4, r.rows(), "a row for each baby, the paused one included");
  }

  /**
   * The compatibility layer as it was: UNIX_SECONDS rounded to the nearest second where GoogleSQL
   * truncates. On millisecond times the reference engine tells them apart.
   */
  @Test
  void roundingUnixSeconds_isCaught() throws Exception {
    String rounding =
        DuckDbWarehouse.COMPAT.replace(
            "CAST(floor(epoch(ts)) AS BIGINT)", "CAST(epoch(ts) AS BIGINT)");
    assertFalse(rounding.equals(DuckDbWarehouse.COMPAT), "the sabotage applies");

    SqlCheck.Result r = check(generated("rounding", 60, RUN, TOKYO), RUN, TOKYO, rounding);

    assertFalse(r.agree(), "the engines must disagree");
    System.out.printf(
        "rounding UNIX_SECONDS: %d differences in %d rows, e.g.%n%s%n",
        r.differences().size(), r.rows(), shown(r));
  }
}

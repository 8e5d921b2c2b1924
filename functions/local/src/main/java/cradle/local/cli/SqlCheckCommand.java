package cradle.local.cli;

import cradle.analyze.AnalysisSql;
import cradle.analyze.ReportWindow;
import cradle.local.LocalWarehouse;
import cradle.local.SqlCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sql-check",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the analysis SQL on DuckDB (as every local run does) and on GoogleSQL's reference"
          + " engine (ZetaSQL: GoogleSQL's semantics, which BigQuery implements) over the same"
          + " data, and prints whether they agree and, if not, the first differing fields.",
      "Reads report_inputs.sql and duckdb_compat.sql from the working tree, so an edit is checked"
          + " without a build. Exit code 1 when the engines differ."
    })
final class SqlCheckCommand implements Callable<Integer> {
  private static final String RESOURCES = "functions/analyze/src/main/resources/cradle/analyze/";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin SharedOptions.DataDirectory data;

  @Option(names = "--date", description = "Report date (default: the latest date in the data).")
  LocalDate date;

  @Option(
      names = "--users",
      description =
          "Users to compare, spread over the data (default ${DEFAULT-VALUE}; 0: all). The"
              + " reference engine takes about 0.1 ms of CPU per event, on one core.",
      defaultValue = "200")
  int users;

  @Mixin SharedOptions.TimeZone timeZone;

  @Option(
      names = "--show",
      description = "Differences to print at most (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int show;

  @Override
  public Integer call() throws Exception {
    if (users < 0) {
      throw OptionChecks.usage(spec, "--users must be 0 (all) or more");
    }
    Path warehouse = data.path().resolve("warehouse.duckdb");
    if (!Files.exists(warehouse)) {
      throw OptionChecks.usage(
          spec, "no activity log at " + warehouse + " (./cradle generate or ./cradle demo)");
    }
    LocalDate day =
        date != null
            ? date
            : LocalWarehouse.latestReportDate(warehouse, timeZone.zone)
                .orElseThrow(() -> OptionChecks.usage(spec, "no events in " + warehouse));
    Path sqlFile = workingTree("report_inputs.sql");
    Path compatFile = workingTree("duckdb_compat.sql");
    String sql = sqlFile != null ? Files.readString(sqlFile) : AnalysisSql.query();
    String compat =
        compatFile != null
            ? Files.readString(compatFile, StandardCharsets.UTF_8)
            : SqlCheck.builtInCompat();
    System.out.printf(
        "checking %s and %s on %s for %s%n",
        sqlFile != null ? sqlFile : "the built report_inputs.sql",
        compatFile != null ? compatFile : "the built duckdb_compat.sql",
        warehouse,
        day);
    Path scratch = Files.createTempDirectory("cradle-sql-check-");
    try {
      SqlCheck.Result r =
          SqlCheck.compare(
              new SqlCheck.Input(
                  warehouse,
                  day,
                  timeZone.zone,
                  ReportWindow.DEFAULT_PAUSED_REPORT_DAYS,
                  sql,
                  compat,
                  users),
              scratch);
      if (r.agree()) {
        System.out.printf(
            "agree: %,d rows of %,d users identical, field for field (DuckDB %.1f s, GoogleSQL"
                + " reference %.1f s)%n",
            r.rows(), r.users(), r.duckDbSeconds(), r.refSeconds());
        return 0;
      }
      System.out.printf(
          "DIFFER: %,d fields of %,d rows of %,d users (first %d):%n",
          r.differences().size(), r.rows(), r.users(), Math.min(show, r.differences().size()));
      r.differences().stream().limit(show).forEach(d -> System.out.println("  " + d.line()));
      return 1;
    } finally {
      try (var walk = Files.walk(scratch)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The file in the checkout ./cradle runs from, if there is one. */
  private static Path workingTree(String name) {
    String home = System.getenv("CRADLE_HOME");
    if (home == null || home.isBlank()) {
      return null;
    }
    Path file = Path.of(home, RESOURCES, name);
    return Files.isRegularFile(file) ? file : null;
  }
}

package cradle.local;

import cradle.analyze.AnalysisColumns;
import cradle.analyze.AnalysisSql;
import cradle.shared.StageFailedException;
import cradle.shared.port.Warehouse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local warehouse: the analysis SQL runs unchanged on an embedded DuckDB file. BigQuery's named
 * parameters become DuckDB variables ({@code @run_date} reads {@code getvariable('run_date')}); the
 * functions DuckDB lacks come from {@code duckdb_compat.sql}. Like the BigQuery job, a run replaces
 * the run date's rows in the report table and exports them as JSON Lines, written as BigQuery's
 * extract writes them ({@link BigQueryJsonLines}).
 */
final class DuckDbWarehouse implements Warehouse {
  private static final Pattern PARAMETER = Pattern.compile("@([A-Za-z_][A-Za-z0-9_]*)");

  private final Path database;
  private final String compat;

  DuckDbWarehouse(Path database) {
    this(database, COMPAT);
  }

  /** With the given compatibility layer instead of duckdb_compat.sql (sql-check, its tests). */
  DuckDbWarehouse(Path database, String compat) {
    this.database = database;
    this.compat = compat;
  }

  static Connection connect(Path database) throws SQLException {
    return connect(database, COMPAT);
  }

  private static Connection connect(Path database, String compat) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:" + database.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      for (String macro : statements(compat)) {
        s.execute(macro);
      }
    }
    return c;
  }

  /**
   * Analyses running in this process, by warehouse file and job id. BigQuery attaches a duplicate
   * delivery to the job it already started (the job id comes from the run); here a duplicate waits
   * for the running analysis and shares its result, instead of racing it to the same rows (which
   * DuckDB refuses: "Conflict on tuple deletion"). One process at a time opens the file for
   * writing, so this process is where duplicates meet.
   */
  private static final ConcurrentMap<String, CompletableFuture<Result>> RUNNING =
      new ConcurrentHashMap<>();

  @Override
  public Result analyze(Request request) throws IOException {
    String job = database.toAbsolutePath() + "#" + request.jobId();
    CompletableFuture<Result> mine = new CompletableFuture<>();
    CompletableFuture<Result> running = RUNNING.putIfAbsent(job, mine);
    if (running != null) {
      return attach(running);
    }
    try {
      Result result = run(request);
      mine.complete(result);
      return result;
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      RUNNING.remove(job, mine);
    }
  }

  private static Result attach(CompletableFuture<Result> running) throws IOException {
    try {
      return running.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a duplicate's analysis", e);
    }
  }

  private Result run(Request request) throws IOException {
    if (!Files.exists(database)) {
      throw new StageFailedException(
          "no warehouse at " + database + "; create one with ./cradle generate");
    }
    Path exportDir = FileBlobStore.path(request.exportPrefix());
    Files.createDirectories(exportDir);
    try (Stream<Path> old = Files.list(exportDir)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Path shard = exportDir.resolve("rows-000.jsonl");
    try (Connection c = connect(database, compat)) {
      try (Statement s = c.createStatement()) {
        if (!DuckDbSchemas.matches(c, request.table())) {
          // a warehouse made by an older version: the report table is derived data, made again
          s.execute("DROP TABLE IF EXISTS " + request.table());
        }
        s.execute(DuckDbSchemas.createTable(request.table()));
        for (Map.Entry<String, Object> p : request.parameters().entrySet()) {
          s.execute("SET VARIABLE " + p.getKey() + " = " + literal(p.getValue()));
        }
      }
      checkColumns(c, request);
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "DELETE FROM "
                + request.table()
                + " WHERE report_date = "
                + literal(request.runDate()));
        s.execute(
            "INSERT INTO "
                + request.table()
                + " BY NAME SELECT * FROM (\n"
                + withVariables(request.sql())
                + "\n)");
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw new StageFailedException("the analysis SQL failed on DuckDB: " + e.getMessage(), e);
      }
      c.setAutoCommit(true);
      long rows;
      // written aside and moved into place whole: a full disk leaves no torn shard behind
      Path partial = Files.createTempFile(exportDir, ".rows-", ".tmp");
      try (Statement s = c.createStatement();
          ResultSet selection =
              s.executeQuery(
                  "SELECT * FROM "
                      + request.table()
                      + " WHERE report_date = "
                      + literal(request.runDate())
                      + " ORDER BY user_id, baby_id");
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
        rows = new BigQueryJsonLines(AnalysisColumns.of(request.table())).write(selection, out);
      } catch (IOException | SQLException | RuntimeException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      try {
        Files.move(partial, shard, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      return new Result(rows, List.of(FileBlobStore.uri(shard)));
    } catch (SQLException e) {
      throw new IOException("DuckDB at " + database + ": " + e.getMessage(), e);
    }
  }

  /**
   * The SQL must return the report table's columns, no more and no fewer: a column missing from the
   * schema would fail the insert with DuckDB's words, and one missing from the SQL would be
   * silently null. Names only: DuckDB's types are not BigQuery's (the build checks the types with
   * BigQuery's analyzer, BigQuerySqlTest).
   */
  private static void checkColumns(Connection c, Request request) throws SQLException {
    if (!AnalysisSql.REPORT_TABLE.equals(request.table())) {
      return;
    }
    List<AnalysisColumns.Column> returned = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("DESCRIBE SELECT * FROM (\n" + withVariables(request.sql()) + "\n)")) {
      while (rs.next()) {
        returned.add(new AnalysisColumns.Column(rs.getString("column_name"), null, null));
      }
    } catch (SQLException e) {
      throw new StageFailedException("the analysis SQL failed on DuckDB: " + e.getMessage(), e);
    }
    List<String> problems = AnalysisColumns.sqlDisagreements(AnalysisColumns.declared(), returned);
    if (!problems.isEmpty()) {
      throw new StageFailedException(
          problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
  }

  /** BigQuery's {@code @name} parameters as DuckDB variable reads. */
  static String withVariables(String sql) {
    Matcher m = PARAMETER.matcher(sql);
    return m.replaceAll(r -> "getvariable('" + r.group(1) + "')");
  }

  static String literal(Object value) {
    if (value instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    if (value instanceof Instant i) {
      return "TIMESTAMPTZ '" + i + "'";
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    throw new IllegalArgumentException("no DuckDB literal for " + value.getClass());
  }

  /** The resource {@code cradle/analyze/duckdb_compat.sql}: BigQuery's functions as macros. */
  static final String COMPAT = compatResource();

  private static String compatResource() {
    try (InputStream in =
        DuckDbWarehouse.class.getResourceAsStream("/cradle/analyze/duckdb_compat.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> statements(String script) {
    return Stream.of(script.replaceAll("(?m)^--.*$", "").split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}

package cradle.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisSql;
import cradle.analyze.ReportWindow;
import cradle.shared.port.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The analysis SQL on DuckDB, through the compatibility layer, and on GoogleSQL's reference engine
 * ({@link GoogleSqlReference}), over the same warehouse and date: the rows must be the same, field
 * for field, as the export encodes them. DuckDB runs on a copy of the warehouse (a run replaces the
 * date's rows of the report table), then both engines' rows of the chosen users are compared.
 */
public final class SqlCheck {
  /** One field (or a whole row, column {@code "(row)"}) on which the engines disagree. */
  public record Difference(String key, String column, JsonElement duckDb, JsonElement reference) {
    public String line() {
      return key + " " + column + ": DuckDB " + duckDb + ", GoogleSQL " + reference;
    }
  }

  /** What was compared and where the engines differ. */
  public record Result(
      int users, int rows, List<Difference> differences, double duckDbSeconds, double refSeconds) {
    public boolean agree() {
      return differences.isEmpty();
    }
  }

  /** The SQL and the compatibility layer to check, and the run they are checked on. */
  public record Input(
      Path warehouse,
      LocalDate date,
      ZoneId zone,
      long retentionDays,
      String sql,
      String compat,
      int users) {}

  private SqlCheck() {}

  /** The compatibility layer DuckDB runs with unless told otherwise (duckdb_compat.sql). */
  public static String builtInCompat() {
    return DuckDbWarehouse.COMPAT;
  }

  /**
   * Compares the engines on {@code input.users()} users spread evenly over the warehouse (0: all).
   */
  public static Result compare(Input input, Path scratch) throws Exception {
    Path copy = scratch.resolve("warehouse.duckdb");
    Files.copy(input.warehouse(), copy);
    Map<String, Object> parameters =
        ReportWindow.parameters(input.date(), input.zone(), input.retentionDays());
    long started = System.nanoTime();
    Path export = scratch.resolve("export");
    Warehouse.Result analyzed =
        new DuckDbWarehouse(copy, input.compat())
            .analyze(
                new Warehouse.Request(
                    "sql-check",
                    input.sql(),
                    AnalysisSql.REPORT_TABLE,
                    input.date(),
                    parameters,
                    Map.of(),
                    FileBlobStore.uri(export) + "/"));
    double duckDbSeconds = (System.nanoTime() - started) / 1e9;
    try (Connection c = DuckDbWarehouse.connect(copy)) {
      List<String> users = sample(c, input.users());
      Set<String> chosen = Set.copyOf(users);
      Map<String, JsonObject> duck = new TreeMap<>();
      for (String shard : analyzed.shards()) {
        for (String line : Files.readAllLines(FileBlobStore.path(shard))) {
          JsonObject row = JsonParser.parseString(line).getAsJsonObject();
          if (chosen.contains(row.get("user_id").getAsString())) {
            duck.put(key(row), row);
          }
        }
      }
      started = System.nanoTime();
      Map<String, JsonObject> reference = new TreeMap<>();
      for (JsonObject row : GoogleSqlReference.run(input.sql(), parameters, c, users)) {
        reference.put(key(row), row);
      }
      double refSeconds = (System.nanoTime() - started) / 1e9;
      return new Result(
          users.size(),
          Math.max(duck.size(), reference.size()),
          differences(duck, reference),
          duckDbSeconds,
          refSeconds);
    }
  }

  private static String key(JsonObject row) {
    return row.get("user_id").getAsString() + "/" + row.get("baby_id").getAsString();
  }

  /** Every n-th user in id order, so a sample spans the warehouse; all when {@code n <= 0}. */
  private static List<String> sample(Connection c, int n) throws Exception {
    List<String> all = new ArrayList<>();
    try (var s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT DISTINCT user_id FROM babies ORDER BY user_id")) {
      while (r.next()) {
        all.add(r.getString(1));
      }
    }
    if (n <= 0 || n >= all.size()) {
      return all;
    }
    List<String> some = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      some.add(all.get((int) ((long) i * all.size() / n)));
    }
    return some;
  }

  /** Numbers compare as doubles (3 and 3.0 are one value); everything else exactly. */
  static List<Difference> differences(
      Map<String, JsonObject> duckDb, Map<String, JsonObject> reference) {
    List<Difference> out = new ArrayList<>();
    Set<String> keys = new TreeSet<>(duckDb.keySet());
    keys.addAll(reference.keySet());
    for (String key : keys) {
      JsonObject d = duckDb.get(key);
      JsonObject r = reference.get(key);
      if (d == null || r == null) {
        out.add(new Difference(key, "(row)", d, r));
        continue;
      }
      Set<String> columns = new TreeSet<>(d.keySet());
      columns.addAll(r.keySet());
      for (String column : columns) {
        if (!Objects.equals(d.get(column), r.get(column))) {
          out.add(new Difference(key, column, d.get(column), r.get(column)));
        }
      }
    }
    return out;
  }
}

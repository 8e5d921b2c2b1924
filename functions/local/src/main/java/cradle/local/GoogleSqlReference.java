package cradle.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.toolkit.options.BigQueryLanguageOptions;
import cradle.analyze.AnalysisColumns;
import cradle.analyze.AnalysisSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis SQL on GoogleSQL's reference engine (ZetaSQL's {@code PreparedQuery}, run by its
 * local service through JNI), over the events and babies of a DuckDB warehouse: GoogleSQL's
 * semantics, which is what BigQuery implements, as an oracle for the DuckDB compatibility layer. It
 * is not BigQuery's production engine (no cost, no limits, no extract).
 *
 * <p>The local service refuses requests over 4 MiB and the tables' rows travel inside the request,
 * so the query runs per group of users; that is exact because every aggregate and window of the
 * analysis partitions by user and baby. Rows come back encoded as BigQuery's JSON extract writes
 * them (nulls left out, INT64 as strings), like the local export.
 */
final class GoogleSqlReference {
  /** Events per request: about 1 MB of rows, well under the local service's 4 MiB. */
  static final int EVENTS_PER_REQUEST = 10_000;

  /**
   * Tries of one request. With the Netty 4.2 this classpath needs (firebase-admin), ZetaSQL's gRPC
   * channel to its local service now and then drops a frame ("INTERNAL: Encountered end-of-stream
   * mid-frame"; once in the first seven sql-check runs on the demo data here): a transport failure,
   * not an answer, so the same request is sent again.
   */
  static final int TRIES = 4;

  private static final Map<String, TypeKind> KINDS =
      Map.of(
          "STRING", TypeKind.TYPE_STRING,
          "INT64", TypeKind.TYPE_INT64,
          "FLOAT64", TypeKind.TYPE_DOUBLE,
          "BOOL", TypeKind.TYPE_BOOL,
          "DATE", TypeKind.TYPE_DATE,
          "TIMESTAMP", TypeKind.TYPE_TIMESTAMP);

  private GoogleSqlReference() {}

  /** A table's columns and types, from the BigQuery schema JSON the deployment uses. */
  private record Column(String name, Type type) {}

  private static List<Column> columns(String table) {
    List<Column> columns = new ArrayList<>();
    for (AnalysisColumns.Column c : AnalysisColumns.of(table)) {
      Type type = TypeFactory.createSimpleType(KINDS.get(c.type()));
      columns.add(new Column(c.name(), c.repeated() ? TypeFactory.createArrayType(type) : type));
    }
    return columns;
  }

  /**
   * Runs {@code sql} with {@code parameters} over the events and babies of {@code users} in the
   * warehouse {@code duckDb}, in groups of at most {@link #EVENTS_PER_REQUEST} events; the rows as
   * the extract writes them.
   */
  static List<JsonObject> run(
      String sql, Map<String, Object> parameters, Connection duckDb, List<String> users)
      throws SQLException {
    Setup setup = retrying(() -> setup(parameters));
    List<Column> events = columns(AnalysisSql.EVENTS_TABLE);
    List<Column> babies = columns(AnalysisSql.BABIES_TABLE);
    List<JsonObject> rows = new ArrayList<>();
    for (List<String> group : groups(duckDb, users)) {
      Map<String, TableContent> contents =
          Map.of(
              AnalysisSql.EVENTS_TABLE,
              content(duckDb, AnalysisSql.EVENTS_TABLE, events, group),
              AnalysisSql.BABIES_TABLE,
              content(duckDb, AnalysisSql.BABIES_TABLE, babies, group));
      rows.addAll(retrying(() -> runGroup(sql, setup, contents)));
    }
    return rows;
  }

  /** The language, the parameters and the catalog: made once, through the local service. */
  private record Setup(AnalyzerOptions options, SimpleCatalog catalog, Map<String, Value> values) {}

  private static Setup setup(Map<String, Object> parameters) {
    LanguageOptions language = BigQueryLanguageOptions.get();
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    options.setDefaultTimezone("UTC"); // BigQuery's; ZetaSQL's own default is Los Angeles
    Map<String, Value> values = new LinkedHashMap<>();
    for (var p : parameters.entrySet()) {
      Value v = value(p.getValue());
      options.addQueryParameter(p.getKey(), v.getType());
      values.put(p.getKey(), v);
    }
    SimpleCatalog catalog = new SimpleCatalog("cradle");
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
    catalog.addSimpleTable(table(AnalysisSql.EVENTS_TABLE, columns(AnalysisSql.EVENTS_TABLE)));
    catalog.addSimpleTable(table(AnalysisSql.BABIES_TABLE, columns(AnalysisSql.BABIES_TABLE)));
    return new Setup(options, catalog, values);
  }

  /** {@code call}, sent again when the channel dropped a frame (see {@link #TRIES}). */
  private static <T> T retrying(java.util.function.Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        boolean dropped =
            String.valueOf(e.getMessage())
                .contains("INTERNAL: Encountered end-of-stream mid-frame");
        if (!dropped || attempt == TRIES) {
          throw e;
        }
      }
    }
  }

  private static List<JsonObject> runGroup(
      String sql, Setup setup, Map<String, TableContent> contents) {
    try (PreparedQuery query =
        PreparedQuery.builder()
            .setSql(sql)
            .setAnalyzerOptions(setup.options())
            .setCatalog(setup.catalog())
            .setTablesContents(contents)
            .prepare()) {
      List<SimpleColumn> out = query.getColumns();
      List<JsonObject> rows = new ArrayList<>();
      for (List<Value> row : query.execute(setup.values()).getTableData()) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < out.size(); i++) {
          JsonElement e = json(row.get(i));
          if (e != null) {
            o.add(out.get(i).getName(), e);
          }
        }
        rows.add(o);
      }
      return rows;
    }
  }

  private static SimpleTable table(String name, List<Column> columns) {
    return new SimpleTable(
        name, columns.stream().map(c -> new SimpleColumn(name, c.name(), c.type())).toList());
  }

  /** Users in groups of at most {@link #EVENTS_PER_REQUEST} events (a larger user alone). */
  private static List<List<String>> groups(Connection duckDb, List<String> users)
      throws SQLException {
    Map<String, Long> events = new LinkedHashMap<>();
    try (var s = duckDb.createStatement();
        ResultSet r = s.executeQuery("SELECT user_id, count(*) FROM events GROUP BY user_id")) {
      while (r.next()) {
        events.put(r.getString(1), r.getLong(2));
      }
    }
    List<List<String>> groups = new ArrayList<>();
    List<String> group = new ArrayList<>();
    long inGroup = 0;
    for (String user : users) {
      long n = events.getOrDefault(user, 0L);
      if (!group.isEmpty() && inGroup + n > EVENTS_PER_REQUEST) {
        groups.add(group);
        group = new ArrayList<>();
        inGroup = 0;
      }
      group.add(user);
      inGroup += n;
    }
    if (!group.isEmpty()) {
      groups.add(group);
    }
    return groups;
  }

  /** The rows of {@code table} for {@code users}, as ZetaSQL values of the schema's types. */
  private static TableContent content(
      Connection duckDb, String table, List<Column> columns, List<String> users)
      throws SQLException {
    String select =
        "SELECT "
            + String.join(", ", columns.stream().map(Column::name).toList())
            + " FROM "
            + table
            + " WHERE user_id IN (SELECT unnest(?::VARCHAR[]))";
    List<List<Value>> rows = new ArrayList<>();
    try (PreparedStatement s = duckDb.prepareStatement(select)) {
      s.setArray(1, duckDb.createArrayOf("VARCHAR", users.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          List<Value> row = new ArrayList<>(columns.size());
          for (int i = 0; i < columns.size(); i++) {
            row.add(cell(r, i + 1, columns.get(i).type()));
          }
          rows.add(row);
        }
      }
    }
    return TableContent.create(rows);
  }

  private static Value cell(ResultSet r, int i, Type type) throws SQLException {
    Object o = r.getObject(i);
    if (o == null) {
      return Value.createNullValue(type);
    }
    return switch (type.getKind()) {
      case TYPE_STRING -> Value.createStringValue(r.getString(i));
      case TYPE_INT64 -> Value.createInt64Value(r.getLong(i));
      case TYPE_DOUBLE -> Value.createDoubleValue(r.getDouble(i));
      case TYPE_BOOL -> Value.createBoolValue(r.getBoolean(i));
      case TYPE_DATE -> Value.createDateValue(r.getObject(i, LocalDate.class));
      case TYPE_TIMESTAMP -> {
        Instant t = r.getObject(i, java.time.OffsetDateTime.class).toInstant();
        yield Value.createTimestampValueFromUnixMicros(
            Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
      }
      default -> throw new IllegalArgumentException("no reading of " + type + " from DuckDB");
    };
  }

  private static Value value(Object parameter) {
    if (parameter instanceof LocalDate d) {
      return Value.createDateValue(d);
    }
    if (parameter instanceof Instant t) {
      return Value.createTimestampValueFromUnixMicros(
          t.getEpochSecond() * 1_000_000L + t.getNano() / 1000);
    }
    if (parameter instanceof String s) {
      return Value.createStringValue(s);
    }
    if (parameter instanceof Long n) {
      return Value.createInt64Value(n);
    }
    throw new IllegalArgumentException("no GoogleSQL value for " + parameter.getClass());
  }

  /** As BigQuery's extract writes a value: null left out, INT64 as a string. */
  private static JsonElement json(Value v) {
    if (v.isNull()) {
      return null;
    }
    Type type = v.getType();
    return switch (type.getKind()) {
      case TYPE_STRING -> new JsonPrimitive(v.getStringValue());
      case TYPE_INT64 -> new JsonPrimitive(Long.toString(v.getInt64Value()));
      case TYPE_DOUBLE -> new JsonPrimitive(v.getDoubleValue());
      case TYPE_BOOL -> new JsonPrimitive(v.getBoolValue());
      case TYPE_DATE -> new JsonPrimitive(v.getLocalDateValue().toString());
      case TYPE_ARRAY -> {
        JsonArray a = new JsonArray();
        for (Value e : v.getElementList()) {
          a.add(json(e));
        }
        yield a;
      }
      default -> throw new IllegalArgumentException("no JSON for " + type);
    };
  }
}

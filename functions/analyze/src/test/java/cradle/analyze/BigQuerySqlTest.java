package cradle.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedCreateStatementEnums.CreateMode;
import com.google.zetasql.resolvedast.ResolvedCreateStatementEnums.CreateScope;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedOutputColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import com.google.zetasql.toolkit.ZetaSQLToolkitAnalyzer;
import com.google.zetasql.toolkit.catalog.basic.BasicCatalogWrapper;
import com.google.zetasql.toolkit.options.BigQueryLanguageOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analysis SQL passes Google's ZetaSQL analyzer (BigQuery's SQL front end) with BigQuery's
 * language options and a catalog built from the same schema files BigQuery gets, so it is valid
 * BigQuery, not just valid DuckDB, and its output columns are those of the report table.
 */
class BigQuerySqlTest {
  private static final Map<String, TypeKind> KINDS =
      Map.of(
          "STRING", TypeKind.TYPE_STRING,
          "INT64", TypeKind.TYPE_INT64,
          "FLOAT64", TypeKind.TYPE_DOUBLE,
          "BOOL", TypeKind.TYPE_BOOL,
          "DATE", TypeKind.TYPE_DATE,
          "TIMESTAMP", TypeKind.TYPE_TIMESTAMP);

  private static Map<String, Type> schema(String table) {
    Map<String, Type> columns = new LinkedHashMap<>();
    for (JsonElement f : JsonParser.parseString(AnalysisSql.schema(table)).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      Type type = TypeFactory.createSimpleType(KINDS.get(field.get("type").getAsString()));
      boolean repeated = field.has("mode") && "REPEATED".equals(field.get("mode").getAsString());
      columns.put(
          field.get("name").getAsString(), repeated ? TypeFactory.createArrayType(type) : type);
    }
    return columns;
  }

  private static BasicCatalogWrapper catalog() {
    BasicCatalogWrapper catalog = new BasicCatalogWrapper();
    for (String table : List.of(AnalysisSql.EVENTS_TABLE, AnalysisSql.BABIES_TABLE)) {
      List<SimpleColumn> columns = new ArrayList<>();
      schema(table).forEach((name, type) -> columns.add(new SimpleColumn(table, name, type)));
      catalog.register(
          new SimpleTable(table, columns),
          CreateMode.CREATE_DEFAULT,
          CreateScope.CREATE_DEFAULT_SCOPE);
    }
    return catalog;
  }

  private static ResolvedQueryStmt analyze(String sql) {
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(BigQueryLanguageOptions.get());
    options.addQueryParameter("run_date", TypeFactory.createSimpleType(TypeKind.TYPE_DATE));
    options.addQueryParameter("time_zone", TypeFactory.createSimpleType(TypeKind.TYPE_STRING));
    options.addQueryParameter(
        "window_start", TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP));
    options.addQueryParameter("window_end", TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP));
    options.addQueryParameter(
        "history_start", TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP));
    var statements = new ZetaSQLToolkitAnalyzer(options).analyzeStatements(sql, catalog());
    return (ResolvedQueryStmt) statements.next().getResolvedStatement().orElseThrow();
  }

  @Test
  void reportInputs_isValidBigQuery_withTheReportTableColumnsAndTypes() {
    ResolvedQueryStmt query = analyze(AnalysisSql.query());

    Map<String, String> produced = new LinkedHashMap<>();
    for (ResolvedOutputColumn c : query.getOutputColumnList()) {
      produced.put(
          c.getName(),
          c.getColumn()
              .getType()
              .typeName(com.google.zetasql.ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    schema(AnalysisSql.REPORT_TABLE)
        .forEach(
            (name, type) ->
                expected.put(
                    name,
                    type.typeName(com.google.zetasql.ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL)));
    assertEquals(expected, produced);
  }

  /** Sorting a whole partition can exceed BigQuery's resources; the extract keeps no order. */
  @Test
  void reportInputs_doesNotSortItsWholeResult() {
    // ARRAY_AGG(... ORDER BY) and windows resolve to ordering items, a sorted result to a scan
    assertFalse(
        analyze(AnalysisSql.query()).debugString().contains("OrderByScan"),
        "the query sorts its result");
  }

  @Test
  void analyzer_rejectsWhatBigQueryWould() {
    Exception unknownColumn =
        assertThrows(Exception.class, () -> analyze("SELECT sleep_minutes FROM events"));
    Exception duckDbOnly =
        assertThrows(Exception.class, () -> analyze("SELECT epoch(started_at) FROM events"));

    assertTrue(
        unknownColumn.getMessage().contains("Unrecognized name: sleep_minutes"),
        unknownColumn.getMessage());
    assertTrue(
        duckDbOnly.getMessage().contains("Function not found: epoch"), duckDbOnly.getMessage());
  }
}

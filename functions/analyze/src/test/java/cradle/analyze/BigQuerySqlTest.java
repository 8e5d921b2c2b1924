package cradle.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    for (AnalysisColumns.Column c : AnalysisColumns.of(table)) {
      Type type = TypeFactory.createSimpleType(KINDS.get(c.type()));
      columns.put(c.name(), c.repeated() ? TypeFactory.createArrayType(type) : type);
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

    assertEquals(
        "",
        String.join(
            "\n", AnalysisColumns.sqlDisagreements(AnalysisColumns.declared(), columns(query))));
  }

  /** Disagreements name the column and the file to change, in both directions and by type. */
  @Test
  void sqlDisagreements_nameTheColumnAndTheFileToChange() {
    String sql = AnalysisSql.query();
    String added =
        sql.replace(
            "  p.days_since_dirty,\n",
            "  p.days_since_dirty,\n  p.sleep_days_7d * 2 AS double_sleep_days,\n");
    String dropped = sql.replace("  p.days_since_dirty,\n", "");
    String retyped =
        sql.replace("ROUND(p.avg_naps_7d, 2) AS avg_naps_7d", "p.sleep_days_7d AS avg_naps_7d");

    assertEquals(
        List.of(
            "report_inputs.sql returns the column double_sleep_days, which the analysis schema"
                + " does not declare: add {\"name\": \"double_sleep_days\", \"type\": \"INT64\","
                + " \"mode\": \"NULLABLE\", \"description\": \"...\"} to "
                + AnalysisColumns.SCHEMA_FILE),
        AnalysisColumns.sqlDisagreements(AnalysisColumns.declared(), columns(analyze(added))));
    assertEquals(
        List.of(
            "the analysis schema declares the column days_since_dirty, which report_inputs.sql"
                + " does not return: return it from the SQL's final SELECT ("
                + AnalysisColumns.SQL_FILE
                + ") or remove it from "
                + AnalysisColumns.SCHEMA_FILE),
        AnalysisColumns.sqlDisagreements(AnalysisColumns.declared(), columns(analyze(dropped))));
    assertEquals(
        List.of(
            "report_inputs.sql returns avg_naps_7d as INT64 but the analysis schema declares"
                + " FLOAT64 NULLABLE: change the column in "
                + AnalysisColumns.SCHEMA_FILE
                + " or the SQL"),
        AnalysisColumns.sqlDisagreements(AnalysisColumns.declared(), columns(analyze(retyped))));
  }

  /** The query's output columns as BigQuery types: an ARRAY is its element type, REPEATED. */
  private static List<AnalysisColumns.Column> columns(ResolvedQueryStmt query) {
    List<AnalysisColumns.Column> columns = new ArrayList<>();
    for (ResolvedOutputColumn c : query.getOutputColumnList()) {
      Type type = c.getColumn().getType();
      boolean repeated = type.isArray();
      Type element = repeated ? type.asArray().getElementType() : type;
      columns.add(
          new AnalysisColumns.Column(
              c.getName(),
              element.typeName(com.google.zetasql.ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL),
              repeated ? "REPEATED" : "NULLABLE"));
    }
    return columns;
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

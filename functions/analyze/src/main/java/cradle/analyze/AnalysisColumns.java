package cradle.analyze;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis table's columns, written once in {@code schema/report_inputs.json} (BigQuery's table
 * schema; DuckDB's table is made from it), and what each other place that lists them must agree
 * with: the columns the SQL returns and the notebook's {@code INPUT_SCHEMA}. Each disagreement
 * names the column and the file to change.
 */
public final class AnalysisColumns {
  public static final String SCHEMA_FILE =
      "functions/analyze/src/main/resources/cradle/analyze/schema/report_inputs.json";
  public static final String SQL_FILE =
      "functions/analyze/src/main/resources/cradle/analyze/report_inputs.sql";
  public static final String NOTEBOOK_FILE =
      "functions/notebook/src/main/resources/cradle/notebook/cradle_report.ipynb";

  /** One column: BigQuery type (INT64, FLOAT64, ...) and mode (NULLABLE, REQUIRED, REPEATED). */
  public record Column(String name, String type, String mode) {
    /** Whether the column holds an array (mode REPEATED). */
    public boolean repeated() {
      return "REPEATED".equals(mode);
    }

    public String tuple() {
      return "(\"" + name + "\", \"" + type + "\", \"" + mode + "\")";
    }

    String schemaEntry() {
      return "{\"name\": \""
          + name
          + "\", \"type\": \""
          + type
          + "\", \"mode\": \""
          + mode
          + "\", \"description\": \"...\"}";
    }
  }

  private AnalysisColumns() {}

  /** The columns of the report table, as {@code schema/report_inputs.json} declares them. */
  public static List<Column> declared() {
    return of(AnalysisSql.REPORT_TABLE);
  }

  /** The columns of {@code table} (events, babies, report_inputs), as its schema file declares. */
  public static List<Column> of(String table) {
    return parse(AnalysisSql.schema(table));
  }

  /** The columns a BigQuery table schema (JSON) declares, a missing mode read as NULLABLE. */
  static List<Column> parse(String schemaJson) {
    List<Column> columns = new ArrayList<>();
    for (JsonElement f : JsonParser.parseString(schemaJson).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      columns.add(
          new Column(
              field.get("name").getAsString(),
              field.get("type").getAsString(),
              field.has("mode") ? field.get("mode").getAsString() : "NULLABLE"));
    }
    return columns;
  }

  /**
   * Where the SQL's result columns and the schema differ. {@code returned} may leave types null (an
   * engine that only knows the names): then names alone are compared.
   */
  public static List<String> sqlDisagreements(List<Column> declared, List<Column> returned) {
    Map<String, Column> schema = byName(declared);
    Map<String, Column> sql = byName(returned);
    List<String> problems = new ArrayList<>();
    for (Column c : returned) {
      Column d = schema.get(c.name());
      if (d == null) {
        problems.add(
            "report_inputs.sql returns the column "
                + c.name()
                + ", which the analysis schema does not declare: add "
                + (c.type() == null ? "it" : c.schemaEntry())
                + " to "
                + SCHEMA_FILE);
      } else if (c.type() != null && (!c.type().equals(d.type()) || c.repeated() != d.repeated())) {
        problems.add(
            "report_inputs.sql returns "
                + c.name()
                + " as "
                + c.type()
                + (c.repeated() ? " REPEATED" : "")
                + " but the analysis schema declares "
                + d.type()
                + " "
                + d.mode()
                + ": change the column in "
                + SCHEMA_FILE
                + " or the SQL");
      }
    }
    for (Column d : declared) {
      if (!sql.containsKey(d.name())) {
        problems.add(
            "the analysis schema declares the column "
                + d.name()
                + ", which report_inputs.sql does not return: return it from the SQL's final"
                + " SELECT ("
                + SQL_FILE
                + ") or remove it from "
                + SCHEMA_FILE);
      }
    }
    return problems;
  }

  /**
   * Where the notebook's {@code INPUT_SCHEMA} and the schema differ (names, types, modes, order).
   */
  public static List<String> notebookDisagreements(List<Column> declared, List<Column> inNotebook) {
    Map<String, Column> notebook = byName(inNotebook);
    Map<String, Column> schema = byName(declared);
    List<String> problems = new ArrayList<>();
    for (Column d : declared) {
      Column n = notebook.get(d.name());
      if (n == null) {
        problems.add(
            "the notebook's INPUT_SCHEMA lacks the column "
                + d.name()
                + " of the analysis schema: add "
                + d.tuple()
                + " to INPUT_SCHEMA in "
                + NOTEBOOK_FILE);
      } else if (!n.equals(d)) {
        problems.add(
            "the notebook's INPUT_SCHEMA has "
                + n.tuple()
                + " but the analysis schema declares "
                + d.tuple()
                + ": change INPUT_SCHEMA in "
                + NOTEBOOK_FILE);
      }
    }
    for (Column n : inNotebook) {
      if (!schema.containsKey(n.name())) {
        problems.add(
            "the notebook's INPUT_SCHEMA has the column "
                + n.name()
                + ", which the analysis schema does not declare: remove it from INPUT_SCHEMA in "
                + NOTEBOOK_FILE
                + " or add it to "
                + SCHEMA_FILE);
      }
    }
    if (problems.isEmpty() && !declared.equals(inNotebook)) {
      problems.add(
          "the notebook's INPUT_SCHEMA lists the analysis schema's columns in another order: put"
              + " them in the order of "
              + SCHEMA_FILE
              + " in "
              + NOTEBOOK_FILE);
    }
    return problems;
  }

  private static Map<String, Column> byName(List<Column> columns) {
    Map<String, Column> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    return byName;
  }
}

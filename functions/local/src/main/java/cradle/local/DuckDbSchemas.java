package cradle.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DuckDB tables made from the same BigQuery schema JSON that Terraform gives BigQuery, so the two
 * warehouses hold the same columns. BigQuery's TIMESTAMP is an instant: DuckDB's TIMESTAMPTZ; a
 * REPEATED column is a DuckDB list.
 */
final class DuckDbSchemas {
  private static final Map<String, String> TYPES =
      Map.of(
          "STRING", "VARCHAR",
          "INT64", "BIGINT",
          "FLOAT64", "DOUBLE",
          "BOOL", "BOOLEAN",
          "DATE", "DATE",
          "TIMESTAMP", "TIMESTAMPTZ");

  private DuckDbSchemas() {}

  /** Whether {@code table} is absent or has exactly the schema's columns, in order. */
  static boolean matches(java.sql.Connection c, String table) throws java.sql.SQLException {
    List<String> expected = new ArrayList<>();
    for (JsonElement f : JsonParser.parseString(AnalysisSql.schema(table)).getAsJsonArray()) {
      expected.add(f.getAsJsonObject().get("name").getAsString());
    }
    List<String> actual = new ArrayList<>();
    try (java.sql.PreparedStatement s =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " ORDER BY ordinal_position")) {
      s.setString(1, table);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          actual.add(rs.getString(1));
        }
      }
    }
    return actual.isEmpty() || actual.equals(expected);
  }

  static String createTable(String table) {
    List<String> columns = new ArrayList<>();
    for (JsonElement f : JsonParser.parseString(AnalysisSql.schema(table)).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      String type = TYPES.get(field.get("type").getAsString());
      if (type == null) {
        throw new IllegalStateException("no DuckDB type for " + field);
      }
      String mode = field.has("mode") ? field.get("mode").getAsString() : "NULLABLE";
      columns.add(
          field.get("name").getAsString()
              + " "
              + type
              + switch (mode) {
                case "REQUIRED" -> " NOT NULL";
                case "REPEATED" -> "[]";
                default -> "";
              });
    }
    return "CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ")";
  }
}

package cradle.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import cradle.analyze.AnalysisColumns.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes query rows as BigQuery's {@code NEWLINE_DELIMITED_JSON} extract does, so the local
 * pipeline hands the notebook what the cloud one will: a null field is left out (a column null in
 * every row is absent from the file; googleapis/nodejs-bigquery#1134), INT64 values are JSON
 * strings (also inside arrays), DATE is {@code "YYYY-MM-DD"}, and an empty REPEATED column is left
 * out too. The columns and their types come from the table's BigQuery schema JSON.
 */
final class BigQueryJsonLines {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<Column> columns;

  BigQueryJsonLines(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * Writes every row of {@code rows} (whose columns are named as in the schema) as one line.
   *
   * @return the number of rows written
   */
  long write(ResultSet rows, OutputStream out) throws SQLException, IOException {
    long n = 0;
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setRootValueSeparator(null);
      while (rows.next()) {
        g.writeStartObject();
        for (Column c : columns) {
          Object value = rows.getObject(c.name());
          if (value == null) {
            continue;
          }
          if (c.repeated()) {
            Object[] items = (Object[]) ((Array) value).getArray();
            if (items.length == 0) {
              continue;
            }
            g.writeArrayFieldStart(c.name());
            for (Object item : items) {
              scalar(g, c.type(), item);
            }
            g.writeEndArray();
          } else {
            g.writeFieldName(c.name());
            scalar(g, c.type(), value);
          }
        }
        g.writeEndObject();
        g.writeRaw('\n');
        n++;
      }
    }
    return n;
  }

  private static void scalar(JsonGenerator g, String type, Object v) throws IOException {
    switch (type) {
      case "INT64" -> g.writeString(Long.toString(((Number) v).longValue()));
      case "FLOAT64" -> g.writeNumber(((Number) v).doubleValue());
      case "BOOL" -> g.writeBoolean((Boolean) v);
      case "STRING", "DATE" -> g.writeString(v.toString());
      default -> throw new IllegalStateException("no BigQuery JSON form for " + type);
    }
  }
}

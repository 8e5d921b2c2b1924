package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisSql;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The notebook reads its input against a copy of the analysis schema (it runs on Vertex AI, away
 * from this repository's resources): the copy must be the schema BigQuery and DuckDB get.
 */
class NotebookInputSchemaTest {
  private static final Pattern COLUMN =
      Pattern.compile("\\(\"([a-z0-9_]+)\", \"([A-Z0-9]+)\", \"([A-Z]+)\"\\)");

  @Test
  void notebookInputSchema_isTheReportInputsTableSchema() throws Exception {
    JsonObject notebook = JsonParser.parseString(ReportRun.template()).getAsJsonObject();
    String cell = null;
    for (JsonElement c : notebook.getAsJsonArray("cells")) {
      StringBuilder source = new StringBuilder();
      c.getAsJsonObject().getAsJsonArray("source").forEach(l -> source.append(l.getAsString()));
      if (source.indexOf("INPUT_SCHEMA = [") >= 0) {
        cell = source.toString();
      }
    }
    List<String> inNotebook = new ArrayList<>();
    Matcher m = COLUMN.matcher(cell.substring(cell.indexOf("INPUT_SCHEMA = [")));
    while (m.find()) {
      inNotebook.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
    }
    List<String> inSchema = new ArrayList<>();
    for (JsonElement f :
        JsonParser.parseString(AnalysisSql.schema(AnalysisSql.REPORT_TABLE)).getAsJsonArray()) {
      JsonObject field = f.getAsJsonObject();
      inSchema.add(
          field.get("name").getAsString()
              + " "
              + field.get("type").getAsString()
              + " "
              + field.get("mode").getAsString());
    }

    assertEquals(inSchema, inNotebook);
  }
}

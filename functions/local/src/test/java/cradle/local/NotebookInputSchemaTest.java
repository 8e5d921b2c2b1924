package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisColumns;
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
    List<AnalysisColumns.Column> inNotebook = new ArrayList<>();
    Matcher m = COLUMN.matcher(cell.substring(cell.indexOf("INPUT_SCHEMA = [")));
    while (m.find()) {
      inNotebook.add(new AnalysisColumns.Column(m.group(1), m.group(2), m.group(3)));
    }

    assertEquals(
        "",
        String.join(
            "\n", AnalysisColumns.notebookDisagreements(AnalysisColumns.declared(), inNotebook)));
  }

  @Test
  void notebookDisagreements_nameTheColumnAndTheNotebook() {
    List<AnalysisColumns.Column> declared = AnalysisColumns.declared();
    List<AnalysisColumns.Column> lacking = new ArrayList<>(declared);
    lacking.remove(4);
    List<AnalysisColumns.Column> extra = new ArrayList<>(declared);
    extra.add(new AnalysisColumns.Column("avg_longest_sleep_min", "INT64", "NULLABLE"));

    assertEquals(
        List.of(
            "the notebook's INPUT_SCHEMA lacks the column age_days of the analysis schema: add"
                + " (\"age_days\", \"INT64\", \"NULLABLE\") to INPUT_SCHEMA in "
                + AnalysisColumns.NOTEBOOK_FILE),
        AnalysisColumns.notebookDisagreements(declared, lacking));
    assertEquals(
        List.of(
            "the notebook's INPUT_SCHEMA has the column avg_longest_sleep_min, which the analysis"
                + " schema does not declare: remove it from INPUT_SCHEMA in "
                + AnalysisColumns.NOTEBOOK_FILE
                + " or add it to "
                + AnalysisColumns.SCHEMA_FILE),
        AnalysisColumns.notebookDisagreements(declared, extra));
  }
}

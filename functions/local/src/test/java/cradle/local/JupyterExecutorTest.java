package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import cradle.notebook.ParameterInjector;
import cradle.shared.port.NotebookExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebooks run for real through Jupyter (needs jupyter nbconvert with pandas); the report notebook
 * itself is exercised by {@link HandBuiltBabiesTest}.
 */
class JupyterExecutorTest {
  @TempDir Path dir;

  /** A python3 notebook: a parameters cell setting {@code rows = 0}, then {@code cells}. */
  private static String notebook(JsonObject... cells) {
    JsonArray all = new JsonArray();
    JsonObject parameters = code("p", "rows = 0");
    JsonArray tags = new JsonArray();
    tags.add("parameters");
    parameters.getAsJsonObject("metadata").add("tags", tags);
    all.add(parameters);
    for (JsonObject cell : cells) all.add(cell);
    JsonObject kernel = new JsonObject();
    kernel.addProperty("name", "python3");
    kernel.addProperty("display_name", "Python 3");
    kernel.addProperty("language", "python");
    JsonObject metadata = new JsonObject();
    metadata.add("kernelspec", kernel);
    JsonObject nb = new JsonObject();
    nb.add("cells", all);
    nb.add("metadata", metadata);
    nb.addProperty("nbformat", 4);
    nb.addProperty("nbformat_minor", 5);
    return nb.toString();
  }

  private static JsonObject cell(String type, String id, String... lines) {
    JsonObject cell = new JsonObject();
    cell.addProperty("cell_type", type);
    cell.addProperty("id", id);
    cell.add("metadata", new JsonObject());
    JsonArray source = new JsonArray();
    for (String line : lines) source.add(line);
    cell.add("source", source);
    if (type.equals("code")) {
      cell.add("execution_count", null);
      cell.add("outputs", new JsonArray());
    }
    return cell;
  }

  private static JsonObject code(String id, String... lines) {
    return cell("code", id, lines);
  }

  private NotebookExecutor.Status execute(String notebook) throws Exception {
    return ReportRun.execute(ParameterInjector.inject(notebook, Map.of("rows", 3)), dir);
  }

  @Test
  void raisingNotebook_failsWithTheCellsError() throws Exception {
    NotebookExecutor.Status status =
        execute(notebook(code("x", "raise ValueError(f'no analysis rows: {rows}')")));

    assertEquals(NotebookExecutor.State.FAILED, status.state());
    assertEquals(
        "cell 3 (id x, 'raise ValueError(f'no analysis rows: {rows}')'): ValueError: no analysis"
            + " rows: 3",
        status.error());
    String log = Files.readString(dir.resolve("output/nbconvert.log"));
    assertTrue(
        log.contains("Traceback") && log.contains("ValueError: no analysis rows: 3"),
        "the traceback of this error stays in the artifacts: " + log);
  }

  /** A cell of several lines that raises inside a function: still one line, naming the cell. */
  @Test
  void errorRaisedDeepInACell_isOneLine_namingTheCellTheExceptionAndItsMessage() throws Exception {
    NotebookExecutor.Status status =
        execute(
            notebook(
                cell("markdown", "m", "# Inputs"),
                code(
                    "load-rows",
                    "# Load the rows\n",
                    "def load():\n",
                    "    return {}['avg_longest_sleep_min']\n",
                    "load()")));

    assertEquals(NotebookExecutor.State.FAILED, status.state());
    assertEquals(
        "cell 4 (id load-rows, '# Load the rows'): KeyError: 'avg_longest_sleep_min'",
        status.error());
  }
}

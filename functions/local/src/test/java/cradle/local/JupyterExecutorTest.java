package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.notebook.ParameterInjector;
import cradle.shared.port.NotebookExecutor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebooks run for real through Jupyter (needs jupyter nbconvert with pandas); the report notebook
 * itself is exercised by {@link HandBuiltBabiesTest}.
 */
class JupyterExecutorTest {
  @TempDir Path dir;

  private static String template() throws Exception {
    try (InputStream in =
        JupyterExecutorTest.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private NotebookExecutor.Status execute(String notebook) throws Exception {
    Path input = dir.resolve("input.ipynb");
    Files.writeString(input, notebook);
    JupyterExecutor executor = new JupyterExecutor("jupyter");
    String name =
        executor
            .start(
                new NotebookExecutor.Job(
                    "job-1",
                    FileBlobStore.uri(input),
                    FileBlobStore.uri(dir.resolve("output")) + "/",
                    Duration.ofMinutes(5),
                    Map.of()))
            .name();
    return executor.status(name);
  }

  @Test
  void raisingNotebook_failsWithTheCellsError() throws Exception {
    String notebook =
        "{\"cells\":[{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{\"tags\":[\"parameters\"]},\"execution_count\":null,\"outputs\":[],\"source\":[\"rows"
            + " = 0\"]},{\"cell_type\":\"code\",\"id\":\"x\",\"metadata\":{},\"execution_count\":null,\"outputs\":[],\"source\":[\"raise"
            + " ValueError(f'no analysis rows:"
            + " {rows}')\"]}],\"metadata\":{\"kernelspec\":{\"name\":\"python3\",\"display_name\":\"Python"
            + " 3\",\"language\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    NotebookExecutor.Status status = execute(ParameterInjector.inject(notebook, Map.of("rows", 3)));

    assertEquals(NotebookExecutor.State.FAILED, status.state());
    assertEquals(
        "cell 3 (id x, 'raise ValueError(f'no analysis rows: {rows}')'): ValueError: no analysis"
            + " rows: 3",
        status.error());
    assertTrue(
        Files.readString(dir.resolve("output/nbconvert.log")).contains("Traceback"),
        "the traceback stays in the artifacts");
  }

  /** A cell of several lines that raises inside a function: still one line, naming the cell. */
  @Test
  void errorRaisedDeepInACell_isOneLine_namingTheCellTheExceptionAndItsMessage() throws Exception {
    String notebook =
        "{\"cells\":[{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{\"tags\":[\"parameters\"]},"
            + "\"execution_count\":null,\"outputs\":[],\"source\":[\"rows = 0\"]},"
            + "{\"cell_type\":\"markdown\",\"id\":\"m\",\"metadata\":{},\"source\":[\"# Inputs\"]},"
            + "{\"cell_type\":\"code\",\"id\":\"load-rows\",\"metadata\":{},\"execution_count\":null,"
            + "\"outputs\":[],\"source\":[\"# Load the rows\\n\",\"def load():\\n\","
            + "\"    return {}['avg_longest_sleep_min']\\n\",\"load()\"]}],"
            + "\"metadata\":{\"kernelspec\":{\"name\":\"python3\",\"display_name\":\"Python"
            + " 3\",\"language\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    NotebookExecutor.Status status = execute(ParameterInjector.inject(notebook, Map.of("rows", 3)));

    assertEquals(NotebookExecutor.State.FAILED, status.state());
    assertEquals(
        "cell 4 (id load-rows, '# Load the rows'): KeyError: 'avg_longest_sleep_min'",
        status.error());
  }
}

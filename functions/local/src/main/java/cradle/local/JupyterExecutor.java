package cradle.local;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.StageFailedException;
import cradle.shared.port.NotebookExecutor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the notebook with {@code jupyter nbconvert --execute}, the way the product's first pipeline
 * did. It runs to the end inside {@link #start}; the outcome is kept next to the executed notebook
 * ({@code execution.json}), whose URI is the execution's name, so the await stage reads it as it
 * would read a Vertex AI job. Each attempt has its own output directory; starting a finished
 * execution again (a duplicate delivery) only returns its name.
 */
final class JupyterExecutor implements NotebookExecutor {
  static final String INSTALL_HINT =
      "install Jupyter with pandas and matplotlib: apt-get install jupyter-nbconvert"
          + " python3-nbclient python3-ipykernel python3-pandas python3-matplotlib (or pip install"
          + " nbconvert ipykernel pandas matplotlib)";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** The HTML rendering of the executed notebook, beside {@code output.ipynb}. */
  static final String HTML = "output.html";

  private final String jupyter;

  JupyterExecutor(String jupyter) {
    this.jupyter = jupyter;
  }

  @Override
  public Started start(Job job) throws IOException {
    Path outputDir = FileBlobStore.path(job.outputPrefix());
    Path statusFile = outputDir.resolve("execution.json");
    String name = FileBlobStore.uri(statusFile);
    if (Files.exists(statusFile)
        && !"RUNNING".equals(readStatus(statusFile).get("state").getAsString())) {
      return new Started(name, true);
    }
    Files.createDirectories(outputDir);
    Path output = outputDir.resolve("output.ipynb");
    Files.deleteIfExists(output);
    Files.deleteIfExists(statusFile);
    writeStatus(statusFile, State.RUNNING, null, null);
    List<String> command =
        List.of(
            jupyter,
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            FileBlobStore.path(job.notebookUri()).toString(),
            "--output",
            output.getFileName().toString(),
            "--output-dir",
            outputDir.toString(),
            "--ExecutePreprocessor.timeout=" + job.timeout().toSeconds());
    Path log = outputDir.resolve("nbconvert.log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      writeStatus(statusFile, State.FAILED, "cannot run '" + jupyter + "': " + INSTALL_HINT, null);
      return new Started(name, false);
    }
    try {
      if (!process.waitFor(job.timeout().toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        writeStatus(statusFile, State.FAILED, "timed out after " + job.timeout(), null);
        return new Started(name, false);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the notebook ran", e);
    }
    if (process.exitValue() == 0 && Files.exists(output)) {
      renderHtml(output);
      writeStatus(statusFile, State.SUCCEEDED, null, FileBlobStore.uri(output));
    } else {
      writeStatus(
          statusFile,
          State.FAILED,
          errorOf(log, FileBlobStore.path(job.notebookUri())),
          Files.exists(output) ? FileBlobStore.uri(output) : null);
    }
    return new Started(name, false);
  }

  /**
   * The executed notebook as HTML beside it ({@code output.html}), for the analyst; a rendering
   * that fails leaves only its log ({@code html.log}), never a failed run.
   */
  private void renderHtml(Path notebook) throws IOException {
    Path dir = notebook.getParent();
    List<String> command =
        List.of(
            jupyter,
            "nbconvert",
            "--to",
            "html",
            // a report for the analyst: outputs only, no code (nbconvert's exclude_input)
            "--no-input",
            notebook.toString(),
            "--output",
            HTML,
            "--output-dir",
            dir.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("html.log").toFile())
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rendering the notebook", e);
    }
  }

  @Override
  public Status status(String executionName) throws IOException {
    Path statusFile = FileBlobStore.path(executionName);
    if (!Files.exists(statusFile)) {
      throw new StageFailedException("no execution " + executionName);
    }
    JsonObject s = readStatus(statusFile);
    return new Status(
        State.valueOf(s.get("state").getAsString()),
        s.has("error") ? s.get("error").getAsString() : null,
        s.has("output") ? s.get("output").getAsString() : null,
        FileBlobStore.uri(statusFile.resolveSibling("nbconvert.log")),
        s.has("started") ? Instant.parse(s.get("started").getAsString()) : null);
  }

  /**
   * One line for the analyst: the failing cell (its number, id and first line) and the exception
   * with its message, from what nbclient prints when a cell raises ({@code CellExecutionError}: the
   * cell's source between dashed lines, the traceback, then {@code ENAME: EVALUE}). The traceback
   * stays in {@code nbconvert.log}. Anything else (nbconvert itself failing) is the log's last
   * line.
   */
  static String errorOf(Path log, Path notebook) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      lines.add(line.replaceAll("\u001b\\[[0-9;]*m", ""));
    }
    List<String> nonBlank = lines.stream().filter(l -> !l.isBlank()).toList();
    if (nonBlank.isEmpty()) {
      return "nbconvert failed without output";
    }
    String exception = nonBlank.get(nonBlank.size() - 1).strip();
    int marker = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("CellExecutionError: An error occurred while executing")) {
        marker = i;
      }
    }
    if (marker < 0 || marker + 1 >= lines.size() || !lines.get(marker + 1).startsWith("-----")) {
      return "nbconvert failed: " + exception;
    }
    int end = marker + 2;
    while (end < lines.size() && !lines.get(end).equals(CELL_RULE)) {
      end++;
    }
    String source = String.join("\n", lines.subList(marker + 2, Math.min(end, lines.size())));
    return cellOf(notebook, source) + ": " + exception;
  }

  private static final String CELL_RULE = "------------------";

  /** "cell N (id ID, 'first line')" for the code cell whose source is {@code source}. */
  private static String cellOf(Path notebook, String source) throws IOException {
    JsonObject nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
    int index = 0;
    for (var cell : nb.getAsJsonArray("cells")) {
      index++;
      JsonObject c = cell.getAsJsonObject();
      String text = sourceOf(c);
      if (text.strip().equals(source.strip())) {
        String first = text.strip().lines().findFirst().orElse("");
        return "cell "
            + index
            + (c.has("id") ? " (id " + c.get("id").getAsString() + ", '" : " ('")
            + first
            + "')";
      }
    }
    String first = source.strip().lines().findFirst().orElse("");
    return "the cell starting '" + first + "'";
  }

  private static String sourceOf(JsonObject cell) {
    var source = cell.get("source");
    if (source == null || source.isJsonNull()) {
      return "";
    }
    if (source.isJsonPrimitive()) {
      return source.getAsString();
    }
    StringBuilder b = new StringBuilder();
    source.getAsJsonArray().forEach(part -> b.append(part.getAsString()));
    return b.toString();
  }

  private static JsonObject readStatus(Path file) throws IOException {
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new FileNotFoundException(file.toString());
    }
  }

  private static void writeStatus(Path file, State state, String error, String output)
      throws IOException {
    JsonObject s = new JsonObject();
    s.addProperty("state", state.name());
    s.addProperty(
        "started",
        (Files.exists(file) && readStatus(file).has("started")
            ? readStatus(file).get("started").getAsString()
            : Instant.now().toString()));
    if (error != null) {
      s.addProperty("error", error);
    }
    if (output != null) {
      s.addProperty("output", output);
    }
    Files.writeString(file, GSON.toJson(s));
  }
}

package cradle.notebook;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Injects a run's parameters into a notebook the way papermill does: a new code cell tagged {@code
 * injected-parameters}, right after the cell tagged {@code parameters}, assigning each parameter as
 * a Python literal. Vertex AI notebook jobs have no parameters field, so the per-run copy carries
 * them. Injecting again replaces the earlier injected cell.
 */
public final class ParameterInjector {
  public static final String PARAMETERS_TAG = "parameters";
  public static final String INJECTED_TAG = "injected-parameters";
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final Gson PRETTY =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

  private ParameterInjector() {}

  /**
   * @param parameters values are strings, numbers, booleans or null
   * @throws IllegalArgumentException when the notebook is not nbformat 4 JSON or has no cell tagged
   *     {@code parameters}
   */
  public static String inject(String notebookJson, Map<String, ?> parameters) {
    JsonObject notebook;
    try {
      notebook = JsonParser.parseString(notebookJson).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("the notebook is not JSON: " + e.getMessage());
    }
    if (!notebook.has("cells") || !notebook.get("cells").isJsonArray()) {
      throw new IllegalArgumentException("the notebook has no cells (is it nbformat 4?)");
    }
    JsonArray cells = notebook.getAsJsonArray("cells");
    JsonArray kept = new JsonArray();
    int parametersAt = -1;
    for (JsonElement cell : cells) {
      if (hasTag(cell, INJECTED_TAG)) {
        continue;
      }
      if (parametersAt < 0 && hasTag(cell, PARAMETERS_TAG)) {
        parametersAt = kept.size();
      }
      kept.add(cell);
    }
    if (parametersAt < 0) {
      throw new IllegalArgumentException(
          "the notebook has no cell tagged '" + PARAMETERS_TAG + "'");
    }
    JsonArray result = new JsonArray();
    for (int i = 0; i < kept.size(); i++) {
      result.add(kept.get(i));
      if (i == parametersAt) {
        result.add(injectedCell(parameters));
      }
    }
    notebook.add("cells", result);
    return PRETTY.toJson(notebook) + "\n";
  }

  private static JsonObject injectedCell(Map<String, ?> parameters) {
    List<String> lines = new ArrayList<>();
    lines.add("# Parameters\n");
    parameters.forEach((name, value) -> lines.add(name + " = " + pythonLiteral(value) + "\n"));
    JsonArray source = new JsonArray();
    lines.forEach(source::add);
    JsonObject metadata = new JsonObject();
    JsonArray tags = new JsonArray();
    tags.add(INJECTED_TAG);
    metadata.add("tags", tags);
    JsonObject cell = new JsonObject();
    cell.addProperty("cell_type", "code");
    cell.addProperty("id", INJECTED_TAG);
    cell.addProperty("execution_count", (Number) null);
    cell.add("metadata", metadata);
    cell.add("outputs", new JsonArray());
    cell.add("source", source);
    return cell;
  }

  /** JSON string escapes are also valid Python string escapes, so strings go through Gson. */
  static String pythonLiteral(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("parameter value " + n + " has no Python literal");
      }
      return n.toString();
    }
    if (value instanceof CharSequence || value instanceof java.time.temporal.Temporal) {
      return GSON.toJson(value.toString());
    }
    throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
  }

  private static boolean hasTag(JsonElement cell, String tag) {
    if (!cell.isJsonObject()) {
      return false;
    }
    JsonObject metadata = cell.getAsJsonObject().getAsJsonObject("metadata");
    if (metadata == null || !metadata.has("tags") || !metadata.get("tags").isJsonArray()) {
      return false;
    }
    for (JsonElement t : metadata.getAsJsonArray("tags")) {
      if (t.isJsonPrimitive() && tag.equals(t.getAsString())) {
        return true;
      }
    }
    return false;
  }
}

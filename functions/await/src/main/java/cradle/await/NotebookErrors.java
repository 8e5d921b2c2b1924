package cradle.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.Optional;

/**
 * Finds the first error output in an executed notebook. An executor can report success for a
 * notebook whose cell raised (errors allowed, or a kernel that kept going), so the output itself is
 * the evidence that counts.
 */
public final class NotebookErrors {
  private NotebookErrors() {}

  /** "cell N: ENAME: EVALUE" for the first error output, if any. */
  public static Optional<String> firstError(String notebookJson) {
    JsonObject notebook;
    try {
      notebook = JsonParser.parseString(notebookJson).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return Optional.of("the executed notebook is not JSON: " + e.getMessage());
    }
    if (!notebook.has("cells")) {
      return Optional.of("the executed notebook has no cells");
    }
    int index = 0;
    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      index++;
      JsonObject c = cell.getAsJsonObject();
      if (!c.has("outputs")) {
        continue;
      }
      for (JsonElement output : c.getAsJsonArray("outputs")) {
        JsonObject o = output.getAsJsonObject();
        if ("error".equals(text(o, "output_type"))) {
          return Optional.of("cell " + index + ": " + text(o, "ename") + ": " + text(o, "evalue"));
        }
      }
    }
    return Optional.empty();
  }

  private static String text(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }
}

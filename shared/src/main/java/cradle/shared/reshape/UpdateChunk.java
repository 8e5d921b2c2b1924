package cradle.shared.reshape;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One multi-path update as the JSON object a database write carries: {@code {"reports/u1/b1":
 * {...}, "reports/u2/b1": null}} (null deletes). Kept as bytes so the reshape never builds trees; a
 * target that needs objects parses it once.
 */
public record UpdateChunk(byte[] json, int paths) {
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  public static UpdateChunk of(Map<String, ? extends JsonElement> updates) {
    JsonObject o = new JsonObject();
    updates.forEach(o::add);
    return new UpdateChunk(GSON.toJson(o).getBytes(StandardCharsets.UTF_8), updates.size());
  }

  /** The updates by path, parsed. */
  public Map<String, JsonElement> asMap() {
    Map<String, JsonElement> m = new LinkedHashMap<>();
    JsonParser.parseString(new String(json, StandardCharsets.UTF_8))
        .getAsJsonObject()
        .entrySet()
        .forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }
}

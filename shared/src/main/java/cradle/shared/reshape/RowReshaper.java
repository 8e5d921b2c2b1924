package cradle.shared.reshape;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import cradle.shared.reshape.RowRejectedException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON row into a keyed database node: {@code {"user_id":"u1","baby_id":"b1","x":1}}
 * with key path {@code user_id/baby_id} becomes keys {@code [u1, b1]} and value {@code {"x":1}}.
 *
 * <p>Pure and offline: no client in sight. Rejects what the database cannot hold (invalid keys at
 * any level, non-finite numbers, nesting past the database's depth limit) so nothing is ever
 * written half-way. Null members and empty objects or arrays are dropped, as the database itself
 * drops them (it stores no empty node), so every target holds the same tree.
 */
public final class RowReshaper {
  private final KeyPath keyPath;
  private final int baseDepth;

  /**
   * @param baseDepth how many path segments lie above the first key (1 for {@code reports/})
   */
  public RowReshaper(KeyPath keyPath, int baseDepth) {
    this.keyPath = keyPath;
    this.baseDepth = baseDepth;
  }

  public KeyedRow reshape(String line) throws RowRejectedException {
    JsonObject row = parseObject(line);
    List<String> keys = new ArrayList<>(keyPath.depth());
    for (String field : keyPath.fields()) {
      JsonElement k = row.remove(field);
      if (k == null || k.isJsonNull()) {
        throw new RowRejectedException(Reason.MISSING_KEY, "row has no '" + field + "'");
      }
      String key = keyText(field, k);
      String problem = DatabaseKeys.problem(key);
      if (problem != null) {
        throw new RowRejectedException(Reason.INVALID_KEY, field + ": " + problem);
      }
      keys.add(key);
    }
    checkObject(row, baseDepth + keys.size(), "");
    return new KeyedRow(keys, row, line.length());
  }

  private static JsonObject parseObject(String line) throws RowRejectedException {
    try {
      JsonReader reader = new JsonReader(new StringReader(line));
      reader.setStrictness(Strictness.STRICT);
      JsonElement e = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new RowRejectedException(Reason.NOT_JSON_OBJECT, "more than one JSON value");
      }
      if (!e.isJsonObject()) {
        throw new RowRejectedException(Reason.NOT_JSON_OBJECT, "row is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IOException | IllegalStateException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      int cut = why.indexOf("\nSee ");
      throw new RowRejectedException(
          Reason.NOT_JSON_OBJECT, "not valid JSON: " + (cut < 0 ? why : why.substring(0, cut)));
    }
  }

  private static String keyText(String field, JsonElement k) throws RowRejectedException {
    if (k.isJsonPrimitive()) {
      JsonPrimitive p = k.getAsJsonPrimitive();
      if (p.isString()) {
        return p.getAsString();
      }
      if (p.isNumber()) {
        try {
          return new BigDecimal(p.getAsString()).toBigIntegerExact().toString();
        } catch (ArithmeticException | NumberFormatException e) {
          // a fractional key is almost certainly a mistake; fall through
        }
      }
    }
    throw new RowRejectedException(
        Reason.INVALID_KEY, field + ": must be a string or whole number, got " + k);
  }

  /** Checks keys, depth and numbers below a node at {@code depth}; drops null members. */
  private static void checkObject(JsonObject o, int depth, String where)
      throws RowRejectedException {
    Iterator<Map.Entry<String, JsonElement>> it = o.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonElement> e = it.next();
      if (e.getValue().isJsonNull()) {
        it.remove();
        continue;
      }
      String problem = DatabaseKeys.problem(e.getKey());
      if (problem != null) {
        throw new RowRejectedException(Reason.INVALID_KEY, "field " + where + problem);
      }
      checkValue(e.getValue(), depth + 1, where + e.getKey() + ".");
      if (isEmpty(e.getValue())) {
        it.remove();
      }
    }
  }

  private static boolean isEmpty(JsonElement v) {
    return (v.isJsonObject() && v.getAsJsonObject().isEmpty())
        || (v.isJsonArray() && v.getAsJsonArray().isEmpty());
  }

  private static void checkValue(JsonElement v, int depth, String where)
      throws RowRejectedException {
    if (depth > DatabaseKeys.MAX_DEPTH) {
      throw new RowRejectedException(
          Reason.TOO_DEEP,
          "field " + where + " lies " + depth + " levels deep (limit " + DatabaseKeys.MAX_DEPTH + ")");
    }
    if (v.isJsonObject()) {
      checkObject(v.getAsJsonObject(), depth, where);
    } else if (v.isJsonArray()) {
      JsonArray a = v.getAsJsonArray();
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).isJsonNull()) {
          checkValue(a.get(i), depth + 1, where + i + ".");
        }
      }
    } else if (v.getAsJsonPrimitive().isNumber()) {
      double d = v.getAsDouble();
      if (Double.isInfinite(d) || Double.isNaN(d)) {
        throw new RowRejectedException(
            Reason.INVALID_VALUE, "field " + where + " is a number out of range: " + v);
      }
    }
  }
}

package cradle.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An update chunk's JSON bytes as the plain Java values the Admin SDK writes (maps, lists, strings,
 * longs, doubles, booleans, null), in one streaming pass: no intermediate tree. Whole numbers that
 * fit a long stay longs (the database keeps integers exact up to 2^53 and the SDK sends longs as
 * integers); other numbers become doubles, as the SDK would make of them.
 */
public final class ChunkValues {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          // a report holds no string near this; the reshape already bounds what reaches here
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(16 << 20).build())
          .build();

  private ChunkValues() {}

  /** The chunk's updates by path, in the order they were written. */
  public static Map<String, Object> parse(byte[] json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("an update chunk must be a JSON object");
      }
      Map<String, Object> updates = object(p);
      if (p.nextToken() != null) {
        throw new IOException("trailing content after the update chunk");
      }
      return updates;
    }
  }

  /** One JSON value (a transaction's replacement node) as the SDK's plain Java value. */
  static Object of(JsonElement json) throws IOException {
    try (JsonParser p = JSON.createParser(json.toString())) {
      p.nextToken();
      return value(p);
    }
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> object(p);
      case START_ARRAY -> array(p);
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT ->
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? p.getDoubleValue()
              : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + t + " in an update chunk");
    };
  }

  private static Map<String, Object> object(JsonParser p) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      m.put(key, value(p));
    }
    return m;
  }

  private static List<Object> array(JsonParser p) throws IOException {
    List<Object> l = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      l.add(value(p));
    }
    return l;
  }
}

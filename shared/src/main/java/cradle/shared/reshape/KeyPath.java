package cradle.shared.reshape;

import java.util.Arrays;
import java.util.List;

/**
 * Which row fields become the keys of the tree, outermost first: {@code user_id/baby_id} turns
 * {@code {"user_id":"u1","baby_id":"b1",...}} into {@code {"u1":{"b1":{...}}}}.
 */
public record KeyPath(List<String> fields) {
  public KeyPath {
    fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("key path names no field");
    }
  }

  public static KeyPath parse(String text) {
    List<String> fields = Arrays.asList(text.split("/", -1));
    for (String f : fields) {
      if (f.isBlank()) {
        throw new IllegalArgumentException(
            "'" + text + "' has an empty field name (write e.g. user_id/baby_id)");
      }
    }
    return new KeyPath(fields);
  }

  public int depth() {
    return fields.size();
  }

  @Override
  public String toString() {
    return String.join("/", fields);
  }
}

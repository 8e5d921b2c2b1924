package cradle.shared.reshape;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One row turned into a database node: its keys (one per key-path field) and the rest of the row as
 * compact JSON (UTF-8), ready to be written as is.
 */
public record KeyedRow(List<String> keys, byte[] value) {
  public int bytes() {
    return value.length;
  }

  public String valueText() {
    return new String(value, StandardCharsets.UTF_8);
  }
}

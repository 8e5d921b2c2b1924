package cradle.shared.reshape;

import java.nio.charset.StandardCharsets;

/**
 * The Realtime Database's rules for keys. The Admin SDK does not check the top-level keys of {@code
 * updateChildren}: a '/' silently nests and some invalid keys hang the write, so every key is
 * checked here before anything is sent.
 */
public final class DatabaseKeys {
  /** Documented limit: keys are at most 768 bytes of UTF-8. */
  public static final int MAX_KEY_BYTES = 768;

  /** Documented limit: a tree may nest at most 32 levels. */
  public static final int MAX_DEPTH = 32;

  /** Documented limit: the database refuses a string longer than 10 MB (of UTF-8). */
  public static final int MAX_STRING_BYTES = 10 * 1024 * 1024;

  /**
   * Documented limit: one write from an SDK carries at most 16 MB, so a node larger than that can
   * never be written whole (and a node is only ever written whole).
   */
  public static final int MAX_NODE_BYTES = 16 * 1024 * 1024;

  private DatabaseKeys() {}

  /** Why {@code key} cannot be a database key, or null when it can. */
  public static String problem(String key) {
    if (key.isEmpty()) {
      return "key is empty";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      switch (c) {
        case '.', '$', '#', '[', ']', '/':
          return "key '" + printable(key) + "' contains '" + c + "'";
        default:
          if (c < 0x20 || c == 0x7f) {
            return "key '"
                + printable(key)
                + "' contains control character U+"
                + String.format("%04X", (int) c);
          }
      }
    }
    if (key.length() * 3 > MAX_KEY_BYTES
        && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return "key of "
          + key.getBytes(StandardCharsets.UTF_8).length
          + " bytes is longer than "
          + MAX_KEY_BYTES;
    }
    return null;
  }

  private static String printable(String key) {
    StringBuilder sb = new StringBuilder();
    key.codePoints()
        .limit(60)
        .forEach(
            cp -> {
              if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\u%04x", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return key.codePointCount(0, key.length()) > 60 ? sb + "..." : sb.toString();
  }
}

package cradle.shared;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line in the shape Cloud Logging reads from a function's stdout.
 *
 * <p>Cloud Logging drops an entry over 256 KB, and with it any alert on the line. A line longer
 * than {@link #MAX_LINE_BYTES} therefore has each field value over 4 KB cut to its start, and if
 * that is not enough, the middle of its message cut (the start says what happened, the end holds
 * the stack trace Error Reporting groups by), marked in the message with how much was cut and by a
 * {@code message_truncated_bytes} field giving the message's whole size.
 */
public final class JsonLineFormatter extends Formatter {
  /** 256 KiB, Cloud Logging's entry limit, less 16 KiB for what the platform adds to the entry. */
  public static final int MAX_LINE_BYTES = 240 * 1024;

  /** The most a field value keeps when the line is over the limit without its message. */
  static final int MAX_FIELD_CHARS = 4 * 1024;

  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  @Override
  public String format(LogRecord record) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("severity", severity(record.getLevel()));
    String message = record.getMessage();
    if (record.getThrown() != null) {
      // Cloud Error Reporting groups errors whose message ends with a stack trace.
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      message = message + "\n" + trace;
    }
    line.put("message", message);
    line.put("time", record.getInstant().toString());
    Log.fieldsOf(record).forEach((k, v) -> line.putIfAbsent(k, jsonable(v)));
    String json = GSON.toJson(line);
    int over = utf8Length(json) - MAX_LINE_BYTES;
    if (over > 0) {
      json = shortened(line, message);
    }
    return json + System.lineSeparator();
  }

  /** The line within {@link #MAX_LINE_BYTES}: long field values cut, then the message's middle. */
  private static String shortened(Map<String, Object> line, String message) {
    for (Map.Entry<String, Object> field : line.entrySet()) {
      String key = field.getKey();
      if (key.equals("message") || key.equals("severity") || key.equals("time")) {
        continue;
      }
      String value = GSON.toJson(field.getValue());
      if (value.length() > MAX_FIELD_CHARS) {
        field.setValue(
            value.substring(0, boundary(value, MAX_FIELD_CHARS))
                + " [cut: "
                + value.length()
                + " chars, longer than a log line holds]");
      }
    }
    String json = GSON.toJson(line);
    int over = utf8Length(json) - MAX_LINE_BYTES;
    if (over > 0) {
      line.put("message_truncated_bytes", message.getBytes(StandardCharsets.UTF_8).length);
      json = GSON.toJson(line);
      over = utf8Length(json) - MAX_LINE_BYTES;
    }
    // each round keeps `over` characters fewer, each at least one byte of JSON
    String whole = message;
    int keep = whole.length();
    while (over > 0 && keep > 0) {
      keep = Math.max(0, keep - over);
      int head = boundary(whole, keep / 2);
      int tail = boundary(whole, whole.length() - (keep - keep / 2));
      message =
          whole.substring(0, head)
              + "\n[... "
              + (tail - head)
              + " characters cut: Cloud Logging drops entries over 256 KB ...]\n"
              + whole.substring(Math.max(head, tail));
      line.put("message", message);
      json = GSON.toJson(line);
      over = utf8Length(json) - MAX_LINE_BYTES;
    }
    return json;
  }

  /** {@code i}, moved off the middle of a surrogate pair. */
  private static int boundary(String s, int i) {
    return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i;
  }

  /** Bytes as written (a lone surrogate, which Guava's {@code Utf8} refuses, becomes '?'). */
  private static int utf8Length(String s) {
    return (long) s.length() * 3 <= MAX_LINE_BYTES
        ? s.length()
        : s.getBytes(StandardCharsets.UTF_8).length;
  }

  static String severity(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) return "ERROR";
    if (v >= Level.WARNING.intValue()) return "WARNING";
    if (v >= Level.INFO.intValue()) return "INFO";
    return "DEBUG";
  }

  private static Object jsonable(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
      return v;
    }
    return v.toString();
  }
}

package cradle.shared;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** One JSON object per line in the shape Cloud Logging reads from a function's stdout. */
public final class JsonLineFormatter extends Formatter {
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
    return GSON.toJson(line) + System.lineSeparator();
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

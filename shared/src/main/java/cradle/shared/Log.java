package cradle.shared;

import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Structured logging: every line is one JSON object that Cloud Logging reads ({@code severity},
 * {@code message}, and the run's fields such as {@code run_id}, {@code stage}, {@code run_date}).
 *
 * <p>A {@code Log} carries context fields; {@link #with} returns a copy with one more. Records go
 * through java.util.logging (logger {@value #LOGGER_NAME}) with the fields as the record's single
 * parameter, so tests capture them with a {@link Handler}.
 */
public final class Log {
  public static final String LOGGER_NAME = "cradle";
  private static final Logger LOGGER = Logger.getLogger(LOGGER_NAME);

  private static Handler output;

  static {
    writeTo(System.out);
    LOGGER.setUseParentHandlers(false);
  }

  /** Sends the JSON lines to {@code out} instead (stdout by default, which Cloud Logging reads). */
  public static synchronized void writeTo(OutputStream out) {
    if (output != null) {
      LOGGER.removeHandler(output);
      output.flush();
    }
    output =
        new StreamHandler(out, new JsonLineFormatter()) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }
        };
    output.setLevel(Level.ALL);
    LOGGER.addHandler(output);
  }

  private final Map<String, Object> context;

  private Log(Map<String, Object> context) {
    this.context = Collections.unmodifiableMap(context);
  }

  public static Log root() {
    return new Log(new LinkedHashMap<>());
  }

  /** A log for one message of one run: every line carries its run id, stage and date. */
  public static Log forRun(RunMessage message) {
    return root()
        .with("run_id", message.runId())
        .with("stage", message.stage().id())
        .with("run_date", message.runDate().toString());
  }

  public Log with(String field, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(context);
    more.put(field, value);
    return new Log(more);
  }

  public void info(String message, Object... fieldsAndValues) {
    log(Level.INFO, message, null, fieldsAndValues);
  }

  public void warning(String message, Object... fieldsAndValues) {
    log(Level.WARNING, message, null, fieldsAndValues);
  }

  public void error(String message, Throwable error, Object... fieldsAndValues) {
    log(Level.SEVERE, message, error, fieldsAndValues);
  }

  private void log(Level level, String message, Throwable error, Object... fieldsAndValues) {
    if (fieldsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("fields come in name, value pairs");
    }
    Map<String, Object> fields = new LinkedHashMap<>(context);
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      fields.put(String.valueOf(fieldsAndValues[i]), fieldsAndValues[i + 1]);
    }
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(LOGGER_NAME);
    record.setParameters(new Object[] {Collections.unmodifiableMap(fields)});
    record.setThrown(error);
    LOGGER.log(record);
  }

  /** The fields of a record written by this class (empty for anything else). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> fieldsOf(LogRecord record) {
    Object[] params = record.getParameters();
    if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    return Map.of();
  }
}

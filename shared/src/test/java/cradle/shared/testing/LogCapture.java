package cradle.shared.testing;

import cradle.shared.Log;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures Cradle's log records for assertions; close it to stop capturing. */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  public LogCapture() {
    Log.root(); // make sure the logger is configured before adding to it
    Logger.getLogger(Log.LOGGER_NAME).addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  public List<LogRecord> errors() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
        .toList();
  }

  public Map<String, Object> fields(LogRecord record) {
    return Log.fieldsOf(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger(Log.LOGGER_NAME).removeHandler(this);
  }
}

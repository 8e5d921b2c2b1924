package cradle.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The structured log's file for a local run: each record is appended whole or not at all, so a full
 * disk leaves no torn line. After the first failure later records are dropped, and nothing is
 * thrown (java.util.logging would print a stack trace for each): the run reports {@link #problem()}
 * once, in its own last line.
 */
public final class LogFileStream extends OutputStream {
  private final LineFile file;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private String problem;

  public LogFileStream(LineFile file) {
    this.file = file;
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
  }

  /** Appends the complete lines written so far (the log handler flushes after every record). */
  @Override
  public synchronized void flush() {
    byte[] bytes = pending.toByteArray();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end == 0) {
      return;
    }
    pending.reset();
    pending.write(bytes, end, bytes.length - end);
    if (problem != null) {
      return;
    }
    try {
      file.append(Arrays.copyOf(bytes, end));
    } catch (IOException | RuntimeException e) {
      problem =
          "the log "
              + file.path()
              + " is incomplete: "
              + (e.getMessage() == null ? e : e.getMessage());
    }
  }

  /** Why the log is incomplete, or null when every record was written. */
  public synchronized String problem() {
    return problem;
  }

  @Override
  public void close() {
    flush();
  }
}

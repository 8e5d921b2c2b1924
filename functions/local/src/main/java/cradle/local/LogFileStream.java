package cradle.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The structured log's file for a local run: each record is appended whole or not at all, so a full
 * disk leaves no torn line. The first failure is reported once, as one ERROR line on the console,
 * and later records are dropped instead of filling the terminal with java.util.logging's stack
 * traces.
 */
public final class LogFileStream extends OutputStream {
  private final LineFile file;
  private final PrintStream console;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean broken;

  public LogFileStream(LineFile file, PrintStream console) {
    this.file = file;
    this.console = console;
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
    if (broken) {
      return;
    }
    try {
      file.append(java.util.Arrays.copyOf(bytes, end));
    } catch (IOException | RuntimeException e) {
      // never thrown on: java.util.logging would print a stack trace for it
      broken = true;
      console.println(
          "cradle: ERROR cannot write the log "
              + file.path()
              + ": "
              + (e.getMessage() == null ? e : e.getMessage())
              + "; later log lines are dropped");
    }
  }

  /** Whether a write failed (the log is incomplete from then on). */
  public synchronized boolean broken() {
    return broken;
  }

  @Override
  public void close() {
    flush();
  }
}

package cradle.shared.reshape;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Streams the rows of JSON Lines input through a {@link RowReshaper}, one line at a time. */
public final class JsonlRows {
  /** Receives each row that became a node. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(KeyedRow row, long line) throws IOException;
  }

  private JsonlRows() {}

  /**
   * Reads {@code in} to the end; blank lines are skipped, bad rows are counted in
   * {@code rejections} and never reach {@code consumer}.
   *
   * @return the number of rows passed to {@code consumer}
   */
  public static long stream(
      InputStream in, String source, RowReshaper reshaper, Rejections rejections, RowConsumer consumer)
      throws IOException {
    byte[] buf = new byte[1 << 20];
    int start = 0;
    int end = 0;
    long lineNumber = 0;
    long accepted = 0;
    while (true) {
      int nl = indexOf(buf, start, end);
      if (nl < 0) {
        // no full line left in the buffer: keep the partial one and read more
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        }
        if (end == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
          if (end > start) {
            accepted += row(buf, start, end, ++lineNumber, source, reshaper, rejections, consumer);
          }
          return accepted;
        }
        end += n;
        continue;
      }
      accepted += row(buf, start, nl, ++lineNumber, source, reshaper, rejections, consumer);
      start = nl + 1;
    }
  }

  private static int row(byte[] buf, int from, int to, long line, String source, RowReshaper reshaper,
      Rejections rejections, RowConsumer consumer) throws IOException {
    if (to > from && buf[to - 1] == '\r') {
      to--;
    }
    if (isBlank(buf, from, to)) {
      return 0;
    }
    KeyedRow row;
    try {
      row = reshaper.reshape(buf, from, to - from);
    } catch (RowRejectedException e) {
      rejections.add(source, line, e);
      return 0;
    }
    consumer.accept(row, line);
    return 1;
  }

  private static int indexOf(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isBlank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != ' ' && buf[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}

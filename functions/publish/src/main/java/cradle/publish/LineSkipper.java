package cradle.publish;

import java.io.IOException;
import java.io.InputStream;

/**
 * Input without its first {@code lines} lines: how a continuation reaches the row it resumes at
 * without reshaping what an earlier invocation already wrote (counting newlines costs a fraction of
 * parsing).
 */
final class LineSkipper {
  private LineSkipper() {}

  /** Skips the first {@code lines} lines of {@code in}; fails if it has fewer. */
  static InputStream skip(InputStream in, long lines, String source) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = lines;
    while (left > 0) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException(source + " has fewer than the " + lines + " lines already written");
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n' && --left == 0) {
          return prepend(buf, i + 1, n - i - 1, in);
        }
      }
    }
    return in;
  }

  private static InputStream prepend(byte[] buf, int off, int len, InputStream rest) {
    byte[] head = java.util.Arrays.copyOfRange(buf, off, off + len);
    return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), rest) {
      @Override
      public void close() throws IOException {
        rest.close();
      }
    };
  }
}

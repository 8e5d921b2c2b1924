package cradle.shared.reshape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

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
      InputStream in,
      String source,
      RowReshaper reshaper,
      Rejections rejections,
      RowConsumer consumer)
      throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    long lineNumber = 0;
    long accepted = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      KeyedRow row;
      try {
        row = reshaper.reshape(line);
      } catch (RowRejectedException e) {
        rejections.add(source, lineNumber, e);
        continue;
      }
      consumer.accept(row, lineNumber);
      accepted++;
    }
    return accepted;
  }
}

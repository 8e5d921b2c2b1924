package cradle.local.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunker;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child process of {@code ./cradle bench}: times, in one JVM, (1) only tokenizing every row with
 * the same parser (the floor), then (2) the publish stage's reshape of every row into 4 MB
 * multi-path update chunks, serialized. Prints one line of figures.
 */
public final class ReshapeBench {
  private ReshapeBench() {}

  public static void main(String[] args) throws IOException {
    Path input = Path.of(args[0]);
    String mode = args[1];
    long started = System.nanoTime();
    long rows;
    long out = 0;
    if (mode.equals("parse")) {
      rows = parseOnly(input);
    } else {
      long[] bytes = {0};
      int threads = Integer.parseInt(args[2]);
      KeyPath keys = KeyPath.parse("user_id/baby_id");
      UpdateChunker chunker =
          new UpdateChunker("reports", 4L << 20, chunk -> bytes[0] += chunk.json().length);
      try (InputStream in = Files.newInputStream(input)) {
        rows =
            JsonlRows.stream(
                in,
                "bench",
                () -> new RowReshaper(keys, 1),
                threads,
                new Rejections(),
                (row, line) -> chunker.add(row));
      }
      chunker.finish();
      out = bytes[0];
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "%s rows=%d seconds=%.3f out_bytes=%d threads=%s%n",
        mode, rows, seconds, out, args.length > 2 ? args[2] : "1");
  }

  /** Every token of every line, nothing kept: what reading the input costs at least. */
  private static long parseOnly(Path input) throws IOException {
    JsonFactory json = new JsonFactory();
    long rows = 0;
    byte[] all = new byte[1 << 20];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 20)) {
      int start = 0;
      int end = 0;
      while (true) {
        int nl = -1;
        for (int i = start; i < end; i++) {
          if (all[i] == '\n') {
            nl = i;
            break;
          }
        }
        if (nl < 0) {
          System.arraycopy(all, start, all, 0, end - start);
          end -= start;
          start = 0;
          int n = in.read(all, end, all.length - end);
          if (n < 0) {
            return rows;
          }
          end += n;
          continue;
        }
        try (JsonParser p = json.createParser(all, start, nl - start)) {
          while (p.nextToken() != null) {
            // tokenize only
          }
        }
        rows++;
        start = nl + 1;
      }
    }
  }
}

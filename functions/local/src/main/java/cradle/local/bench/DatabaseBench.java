package cradle.local.bench;

import cradle.local.LocalTargets;
import cradle.shared.port.ReportSink;
import cradle.shared.port.WriteWindow;
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
import java.time.Duration;

/**
 * Child process of {@code ./cradle bench}: writes the first N rows of the input through the publish
 * path (reshape, byte-sized chunks, a bounded number in flight) to one target, timed.
 */
public final class DatabaseBench {
  private DatabaseBench() {}

  /** args: input, rows, "local" DIR | "peer" HOST:PORT, chunk bytes, in flight */
  public static void main(String[] args) throws IOException {
    Path input = Path.of(args[0]);
    long limit = Long.parseLong(args[1]);
    ReportSink sink =
        args[2].equals("local")
            ? LocalTargets.jsonFile(Path.of(args[3]).resolve("database.json"))
            : LocalTargets.emulator(args[3]);
    long chunkBytes = Long.parseLong(args[4]);
    int inFlight = Integer.parseInt(args[5]);
    WriteWindow writes = new WriteWindow(sink, inFlight, Duration.ofSeconds(120));
    UpdateChunker chunker = new UpdateChunker("reports", chunkBytes, writes::submit);
    long[] rows = {0};
    long started = System.nanoTime();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 20)) {
      JsonlRows.stream(
          in,
          "bench",
          new RowReshaper(KeyPath.parse("user_id/baby_id"), 1),
          new Rejections(),
          (row, line) -> {
            if (rows[0] < limit) {
              chunker.add(row);
              rows[0]++;
            }
          });
    }
    chunker.finish();
    writes.drain();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "%s rows=%d seconds=%.3f chunks=%d%n", args[2], rows[0], seconds, chunker.chunks());
    System.exit(0);
  }
}

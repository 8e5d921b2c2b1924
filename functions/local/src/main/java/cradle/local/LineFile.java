package cradle.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A local state file of lines (events.jsonl, the log), kept readable across crashes: a line is
 * appended whole or not at all (a write cut short by a full disk is truncated away), a line left
 * torn by a crash is closed before the next one so it cannot swallow it, and readers skip lines
 * they cannot parse and say which.
 */
public final class LineFile {
  /** What a reader found: the parsed lines and the ones it skipped. */
  public record Contents<T>(List<T> items, List<String> skipped) {}

  private static final java.util.concurrent.ConcurrentMap<Path, Object> WRITERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path file;

  public LineFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** Appends {@code bytes} (one or more whole lines, each ending in '\n'), all or nothing. */
  public void append(byte[] bytes) throws IOException {
    // Several writers may append to one file (function instances in one process, or processes):
    // each reads the size and writes there, so the append is serialised per path in this process
    // and by a file lock across processes (one JVM may not hold two locks on the same file).
    synchronized (WRITERS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
      try (FileChannel channel =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE);
          java.nio.channels.FileLock lock = channel.lock()) {
        appendLocked(channel, bytes);
      }
    }
  }

  private static void appendLocked(FileChannel channel, byte[] bytes) throws IOException {
    {
      long size = channel.size();
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      if (size > 0 && !endsWithNewline(channel, size)) {
        // the last line was torn by a crash: end it, so that it stays one bad line
        buffer = ByteBuffer.allocate(bytes.length + 1).put((byte) '\n').put(bytes).flip();
      }
      try {
        channel.position(size);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        channel.truncate(size);
        throw e;
      }
    }
  }

  public void append(String line) throws IOException {
    append((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Every line {@code parse} accepts, in order; a line it throws on is skipped and named. */
  public <T> Contents<T> read(Function<String, T> parse) throws IOException {
    List<T> items = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Contents<>(items, skipped);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        items.add(parse.apply(line));
      } catch (RuntimeException e) {
        skipped.add(
            "line "
                + (i + 1)
                + " of "
                + file
                + " is torn or not an event, skipped ("
                + (line.length() > 40 ? line.substring(0, 40) + "..." : line)
                + ")");
      }
    }
    return new Contents<>(items, skipped);
  }

  private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }
}

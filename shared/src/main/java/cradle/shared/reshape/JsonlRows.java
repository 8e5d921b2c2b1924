package cradle.shared.reshape;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Streams the rows of JSON Lines input through {@link RowReshaper}s. Rows are reshaped in blocks of
 * about 4 MB on {@code threads} threads and handed to the consumer on the calling thread, in input
 * order, so the consumer needs no locking and memory stays bounded (a few blocks in flight).
 */
public final class JsonlRows {
  /** Receives each row that became a node. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(KeyedRow row, long line) throws IOException;
  }

  private static final int BLOCK = 4 << 20;

  /**
   * The first read of a block: a block grows to {@link #BLOCK} only when the input has that much,
   * so a small input (a continuation's few rows, a test's report) allocates no 4 MB buffer.
   */
  private static final int FIRST_READ = 64 << 10;

  private JsonlRows() {}

  /** One thread, one reshaper. */
  public static long stream(
      InputStream in,
      String source,
      RowReshaper reshaper,
      Rejections rejections,
      RowConsumer consumer)
      throws IOException {
    return stream(in, source, () -> reshaper, 1, rejections, consumer);
  }

  /**
   * Reads {@code in} to the end; blank lines are skipped, bad rows are counted in {@code
   * rejections} and never reach {@code consumer}.
   *
   * @param reshapers makes one reshaper per thread (they are not thread-safe)
   * @return the number of rows passed to {@code consumer}
   */
  public static long stream(
      InputStream in,
      String source,
      Supplier<RowReshaper> reshapers,
      int threads,
      Rejections rejections,
      RowConsumer consumer)
      throws IOException {
    if (threads <= 1) {
      RowReshaper reshaper = reshapers.get();
      long accepted = 0;
      for (Block b = Block.first(); (b = b.next(in)) != null; ) {
        Reshaped r = b.reshape(reshaper);
        accepted += r.deliver(source, rejections, consumer);
      }
      return accepted;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "reshape");
              t.setDaemon(true);
              return t;
            });
    ThreadLocal<RowReshaper> local = ThreadLocal.withInitial(reshapers);
    Deque<Future<Reshaped>> inFlight = new ArrayDeque<>();
    long accepted = 0;
    try {
      for (Block b = Block.first(); (b = b.next(in)) != null; ) {
        Block block = b;
        inFlight.add(pool.submit(() -> block.reshape(local.get())));
        while (inFlight.size() > threads) {
          accepted += await(inFlight.removeFirst()).deliver(source, rejections, consumer);
        }
      }
      while (!inFlight.isEmpty()) {
        accepted += await(inFlight.removeFirst()).deliver(source, rejections, consumer);
      }
      return accepted;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Reshaped await(Future<Reshaped> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reshaping");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Whole lines of input, with the number of the first. */
  private record Block(
      byte[] data, int length, long firstLine, byte[] carry, int carryLength, boolean last) {
    static Block first() {
      return new Block(new byte[0], 0, 1, new byte[0], 0, false);
    }

    /** The next block of whole lines, or null at the end of input. */
    Block next(InputStream in) throws IOException {
      if (last) {
        return null;
      }
      byte[] buf = new byte[Math.max(FIRST_READ, carryLength * 2)];
      System.arraycopy(carry, 0, buf, 0, carryLength);
      int end = carryLength;
      int lastNewline = -1;
      boolean eof = false;
      while (lastNewline < 0) {
        if (end == buf.length) {
          buf = Arrays.copyOf(buf, buf.length < BLOCK ? BLOCK : buf.length * 2);
        }
        int n = in.readNBytes(buf, end, buf.length - end);
        if (n == 0) {
          eof = true;
          break;
        }
        end += n;
        if (end == buf.length && buf.length < BLOCK) {
          continue; // more input: fill a whole block before cutting it
        }
        for (int i = end - 1; i >= 0; i--) {
          if (buf[i] == '\n') {
            lastNewline = i;
            break;
          }
        }
      }
      int cut = eof ? end : lastNewline + 1;
      if (cut == 0 && eof) {
        return null;
      }
      byte[] rest = Arrays.copyOfRange(buf, cut, end);
      long lines = countLines(this);
      return new Block(buf, cut, firstLine + lines, rest, rest.length, eof);
    }

    private static long countLines(Block b) {
      long n = 0;
      for (int i = 0; i < b.length; i++) {
        if (b.data[i] == '\n') {
          n++;
        }
      }
      return n;
    }

    Reshaped reshape(RowReshaper reshaper) {
      Reshaped out = new Reshaped();
      reshaper.reshapeLines(data, 0, length, firstLine, out);
      return out;
    }
  }

  /** A block's rows, reshaped, in order. */
  private static final class Reshaped implements RowReshaper.LineSink {
    final List<KeyedRow> rows = new ArrayList<>(8192);
    long[] lines = new long[8192];
    final List<Long> rejectedLines = new ArrayList<>();
    final List<RowRejectedException> rejected = new ArrayList<>();

    @Override
    public void rejected(RowRejectedException e, long line) {
      rejectedLines.add(line);
      rejected.add(e);
    }

    @Override
    public void row(KeyedRow row, long line) {
      if (rows.size() == lines.length) {
        lines = Arrays.copyOf(lines, lines.length * 2);
      }
      lines[rows.size()] = line;
      rows.add(row);
    }

    long deliver(String source, Rejections rejections, RowConsumer consumer) throws IOException {
      for (int i = 0; i < rejected.size(); i++) {
        rejections.add(source, rejectedLines.get(i), rejected.get(i));
      }
      for (int i = 0; i < rows.size(); i++) {
        consumer.accept(rows.get(i), lines[i]);
      }
      return rows.size();
    }
  }
}

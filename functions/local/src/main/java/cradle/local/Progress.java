package cradle.local;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One line of progress for long work (items done, elapsed), redrawn in place twice a second on
 * stderr, and only when a person is watching: {@link #onTerminal} is silent when the output goes to
 * a file, a pipe or a test, so logs and captured output stay clean.
 */
public final class Progress implements AutoCloseable {
  private static final Progress SILENT = new Progress(null, "", 0, "");
  private final PrintStream out;
  private final String what;
  private final long total;
  private final String unit;
  private final long started = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final AtomicReference<String> step = new AtomicReference<>("");
  private final ScheduledExecutorService ticker;
  private int drawn;
  private boolean paused;

  private Progress(PrintStream out, String what, long total, String unit) {
    this.out = out;
    this.what = what;
    this.total = total;
    this.unit = unit;
    if (out == null) {
      this.ticker = null;
    } else {
      this.ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Progress on stderr when this process runs on a terminal (Java 17: stdin and stdout both are
   * one), else a progress that prints nothing.
   *
   * @param total how many items make the whole (0: unknown)
   */
  public static Progress onTerminal(String what, long total, String unit) {
    return System.console() != null ? new Progress(System.err, what, total, unit) : SILENT;
  }

  public void set(long items) {
    done.set(items);
  }

  public void add(long items) {
    done.addAndGet(items);
  }

  /** What is being done now, shown after the count ("python3 json"); shows the line again. */
  public synchronized void step(String now) {
    step.set(now);
    paused = false;
  }

  /** Clears the line until the next {@link #step}, so that results print on clean lines. */
  public synchronized void pause() {
    clear();
    paused = true;
  }

  private synchronized void draw() {
    if (paused) {
      return;
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    String count =
        total > 0
            ? String.format("%,d of %,d %s", done.get(), total, unit)
            : String.format("%,d %s", done.get(), unit);
    String line =
        String.format(
            "%s: %s%s, %d:%02d elapsed",
            what,
            count,
            step.get().isEmpty() ? "" : " (" + step.get() + ")",
            seconds / 60,
            seconds % 60);
    out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    out.flush();
    drawn = line.length();
  }

  /** Stops and clears the line, so what the command prints next starts clean. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      clear();
    }
  }

  private void clear() {
    if (out != null && drawn > 0) {
      out.print("\r" + " ".repeat(drawn) + "\r");
      out.flush();
      drawn = 0;
    }
  }
}

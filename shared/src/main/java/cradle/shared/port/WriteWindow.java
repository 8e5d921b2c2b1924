package cradle.shared.port;

import cradle.shared.RetryLaterException;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps at most {@code maxInFlight} writes outstanding against a {@link ReportSink}, waits for each
 * with a timeout, and fails with the first write that failed. {@link #drain} must be called before
 * the function returns: a write not yet acknowledged may never be sent once the instance is frozen.
 */
public final class WriteWindow {
  private final ReportSink sink;
  private final int maxInFlight;
  private final Duration timeout;
  private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
  private long acknowledged;

  public WriteWindow(ReportSink sink, int maxInFlight, Duration timeout) {
    this.sink = sink;
    this.maxInFlight = maxInFlight;
    this.timeout = timeout;
  }

  public void submit(UpdateChunk updates) throws IOException {
    while (inFlight.size() >= maxInFlight) {
      awaitOldest();
    }
    inFlight.add(sink.submit(updates));
  }

  /** Waits for every outstanding write. */
  public void drain() throws IOException {
    while (!inFlight.isEmpty()) {
      awaitOldest();
    }
  }

  /**
   * Counts the writes at the head of the window that the database has acknowledged already, without
   * waiting for any.
   */
  public void collect() throws IOException {
    while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
      awaitOldest();
    }
  }

  /** The writes acknowledged so far (in the order they were sent). */
  public long acknowledged() {
    return acknowledged;
  }

  private void awaitOldest() throws IOException {
    CompletableFuture<Void> oldest = inFlight.removeFirst();
    try {
      oldest.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      acknowledged++;
    } catch (TimeoutException e) {
      throw new RetryLaterException("a database write was not acknowledged within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IOException("a database write failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a database write", e);
    }
  }
}

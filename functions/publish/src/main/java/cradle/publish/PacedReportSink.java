package cradle.publish;

import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * A report sink whose writes leave only when the pacer's budgets allow. Reads are not paced, nor
 * are transactions: a lease's compare-and-set is one small node, and must not wait behind reports.
 */
final class PacedReportSink extends ForwardingReportSink {
  private final WritePacer pacer;
  private long bytes;
  private long writes;

  PacedReportSink(ReportSink sink, WritePacer pacer) {
    super(sink);
    this.pacer = pacer;
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
    try {
      pacer.acquire(updates.json().length);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pacing database writes");
    }
    bytes += updates.json().length;
    writes++;
    return sink.submit(updates);
  }

  /** Bytes sent so far. */
  long bytes() {
    return bytes;
  }

  /** Writes sent so far. */
  long writes() {
    return writes;
  }

  WritePacer pacer() {
    return pacer;
  }
}

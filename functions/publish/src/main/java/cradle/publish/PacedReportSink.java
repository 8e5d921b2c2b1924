package cradle.publish;

import com.google.gson.JsonElement;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A report sink whose writes leave only when the pacer's budgets allow. Reads are not paced. */
final class PacedReportSink implements ReportSink {
  private final ReportSink sink;
  private final WritePacer pacer;
  private long bytes;
  private long writes;

  PacedReportSink(ReportSink sink, WritePacer pacer) {
    this.sink = sink;
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

  @Override
  public JsonElement read(String path) throws IOException {
    return sink.read(path);
  }

  /** Not paced: a lease's compare-and-set is one small node, and must not wait behind reports. */
  @Override
  public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException {
    return sink.transact(path, change);
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

package cradle.publish;

import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A database client that dies like an instance being shut down after {@code allowed} writes. */
class FailingSink extends ForwardingReportSink {
  private final int allowed;
  private int writes;

  FailingSink(ReportSink sink, int allowed) {
    super(sink);
    this.allowed = allowed;
  }

  @Override
  public synchronized CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
    if (writes++ >= allowed) {
      throw new IOException("connection reset (the instance died)");
    }
    return sink.submit(updates);
  }
}

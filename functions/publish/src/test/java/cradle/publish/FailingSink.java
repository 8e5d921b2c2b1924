package cradle.publish;

import com.google.gson.JsonElement;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A database client that dies like an instance being shut down after {@code allowed} writes. */
class FailingSink implements ReportSink {
  private final ReportSink sink;
  private final int allowed;
  private int writes;

  FailingSink(ReportSink sink, int allowed) {
    this.sink = sink;
    this.allowed = allowed;
  }

  @Override
  public synchronized CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
    if (writes++ >= allowed) {
      throw new IOException("connection reset (the instance died)");
    }
    return sink.submit(updates);
  }

  @Override
  public JsonElement read(String path) throws IOException {
    return sink.read(path);
  }

  @Override
  public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException {
    return sink.transact(path, change);
  }
}

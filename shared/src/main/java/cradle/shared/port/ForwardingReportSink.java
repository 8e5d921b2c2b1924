package cradle.shared.port;

import com.google.gson.JsonElement;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A report sink that passes every call on to another; subclasses change the calls they need. */
public abstract class ForwardingReportSink implements ReportSink {
  protected final ReportSink sink;

  protected ForwardingReportSink(ReportSink sink) {
    this.sink = sink;
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
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

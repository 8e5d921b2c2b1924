package cradle.shared.port;

import com.google.gson.JsonElement;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A report sink that passes every call on to another; subclasses change the calls they need, or
 * guard them all in {@link #beforeEachCall}.
 */
public abstract class ForwardingReportSink implements ReportSink {
  protected final ReportSink sink;

  protected ForwardingReportSink(ReportSink sink) {
    this.sink = sink;
  }

  /**
   * Runs before this class passes any call on (an override of a call that does not call {@code
   * super} skips it); throwing refuses the call. Does nothing by default.
   */
  protected void beforeEachCall() throws IOException {}

  @Override
  public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
    beforeEachCall();
    return sink.submit(updates);
  }

  @Override
  public JsonElement read(String path) throws IOException {
    beforeEachCall();
    return sink.read(path);
  }

  @Override
  public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException {
    beforeEachCall();
    return sink.transact(path, change);
  }
}

package cradle.publish;

import cradle.shared.RetryLaterException;
import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The lease's fence: a holder sends no write once its lease is within one write timeout of its end
 * on its own clock. The next holder can take the lease only at its end, so a write of the old
 * holder lands after the new holder's decisions only if it spends longer than the write timeout
 * between being sent and being applied — the same bound after which the old holder itself gives the
 * write up as failed. A holder paused past its lease (a frozen instance) therefore finds the fence
 * closed when it resumes, instead of flushing what it had buffered.
 */
final class FencedSink extends ForwardingReportSink {
  private final Clock clock;
  private final Duration writeTimeout;
  private final Supplier<Instant> leaseEnds;

  FencedSink(ReportSink sink, Clock clock, Duration writeTimeout, Supplier<Instant> leaseEnds) {
    super(sink);
    this.clock = clock;
    this.writeTimeout = writeTimeout;
    this.leaseEnds = leaseEnds;
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
    Instant closes = leaseEnds.get().minus(writeTimeout);
    if (!clock.instant().isBefore(closes)) {
      throw RetryLaterException.contended(
          "this publish's lease ends at "
              + leaseEnds.get()
              + " and it sends nothing within the write timeout ("
              + writeTimeout.toSeconds()
              + " s) of that; another publish may hold it now; will try again");
    }
    return sink.submit(updates);
  }
}

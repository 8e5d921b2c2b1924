package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import cradle.shared.Sleeper;
import cradle.shared.port.ReportSink;
import cradle.shared.port.WriteWindow;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The database as one publish invocation holds it: under the lease ({@link PublishLease}), every
 * write through the fence ({@link FencedSink}: none once the lease is within one write timeout of
 * its end) and the pacer ({@link WritePacer}). It names the run writing ({@code last_writer})
 * before the first report and commits the meta last. Closing releases the lease, unless it was
 * handed over to the publish's continuation.
 */
final class LeasedDatabase implements AutoCloseable {
  private final PublishSettings publish;
  private final ReportSink sink;
  private PublishLease.Held held;

  private LeasedDatabase(ReportSink database, PublishSettings publish, Clock clock) {
    this.publish = publish;
    ReportSink fenced =
        new FencedSink(
            database,
            clock,
            publish.writeTimeout(),
            () -> held == null ? Instant.MAX : held.expiresAt());
    this.sink =
        publish.paced()
            ? new PacedReportSink(
                fenced,
                new WritePacer(
                    publish.bytesPerMinute(), publish.writesPerSecond(), clock, Sleeper.of(clock)))
            : fenced;
  }

  /**
   * Takes the lease for {@code runId}: a new one, or, given the token an earlier invocation of this
   * publish handed on, that one taken over ({@link PublishLease#takeOver}).
   *
   * @param handedToken null for a publish that begins
   * @throws cradle.shared.RetryLaterException when another publish holds it
   */
  static LeasedDatabase take(
      ReportSink database, PublishSettings publish, Clock clock, String runId, String handedToken)
      throws IOException {
    LeasedDatabase leased = new LeasedDatabase(database, publish, clock);
    PublishLease lease =
        new PublishLease(leased.sink, publish.leasePath(), clock, PublishLease.TERM);
    leased.held = handedToken == null ? lease.take(runId) : lease.takeOver(runId, handedToken);
    return leased;
  }

  /** Where reports are written: fenced by the lease, paced. */
  ReportSink sink() {
    return sink;
  }

  PublishedMeta readMeta() throws IOException {
    return PublishedMeta.parse(sink.read(publish.metaPath()));
  }

  /**
   * Records {@code runId} as the run that writes now ({@code last_writer}) and {@code sources} as
   * the runs whose reports may be in the database, before its first report.
   */
  void claim(String runId, List<String> sources) throws IOException {
    write(
        Map.of(
            publish.metaPath() + "/" + PublishedMeta.REPORT_SOURCES,
            PublishedMeta.sourcesJson(sources),
            publish.metaPath() + "/" + PublishedMeta.LAST_WRITER,
            new JsonPrimitive(runId)));
  }

  /** The meta, written last and acknowledged before the function returns. */
  void commit(PublishedMeta meta) throws IOException {
    write(Map.of(publish.metaPath(), meta.toJson()));
  }

  /** Extends the lease by one term, or throws if another publish took it. */
  void renew() throws IOException {
    held.renew();
  }

  /** Keeps the lease for this publish's continuation: renewed, and left held on closing. */
  void handOver() throws IOException {
    held.handOver();
  }

  /** The token the continuation takes the lease over with. */
  String token() {
    return held.token();
  }

  @Override
  public void close() throws IOException {
    held.close();
  }

  /** One multi-path write, acknowledged before returning. */
  private void write(Map<String, JsonElement> updates) throws IOException {
    WriteWindow window = new WriteWindow(sink, 1, publish.writeTimeout());
    window.submit(UpdateChunk.of(updates));
    window.drain();
  }
}

package cradle.publish;

import cradle.publish.PublishProgress.Position;
import cradle.shared.port.ReportSink;
import cradle.shared.port.WriteWindow;
import cradle.shared.reshape.UpdateChunker;
import java.io.IOException;
import java.time.Clock;

/**
 * Pass 2: writes every report from a position on, each baby's node replaced whole in multi-path
 * updates of {@code CRADLE_PUBLISH_CHUNK_BYTES}, at most {@code CRADLE_PUBLISH_IN_FLIGHT}
 * outstanding, and waits until the database acknowledged every write.
 */
final class ReportWriter {
  /** Records the acknowledged position (now and then, so a crash re-sends little). */
  @FunctionalInterface
  interface Checkpoint {
    void record(Position acknowledged) throws IOException;
  }

  private final ReportRows rows;
  private final ReportSink sink;
  private final PublishSettings publish;
  private final Clock clock;

  ReportWriter(ReportRows rows, ReportSink sink, PublishSettings publish, Clock clock) {
    this.rows = rows;
    this.sink = sink;
    this.publish = publish;
    this.clock = clock;
  }

  /**
   * Writes the rows after {@code from}, leaving out the paths more than one row names. Stops early,
   * after at least one row, when the segment's time is up.
   *
   * @return where it stopped (the last row written), or null when every row is written
   */
  Position write(Position from, KeyHashes duplicates, Deadline deadline, Checkpoint checkpoint)
      throws IOException {
    WriteWindow writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
    WriteCursor cursor = new WriteCursor(from, clock);
    UpdateChunker chunker =
        new UpdateChunker(
            publish.reportsPath(),
            publish.chunkBytes(),
            chunk -> {
              cursor.sent();
              writes.submit(chunk);
              writes.collect();
              cursor.acknowledged(writes.acknowledged());
            });
    Position stopped = null;
    try {
      rows.from(
          from,
          (path, row, at) -> {
            if (cursor.any() && deadline.over()) {
              throw new Deadline.Over();
            }
            if (duplicates.isEmpty() || !duplicates.contains(path)) {
              chunker.add(row);
            }
            cursor.added(at);
            if (cursor.checkpointDue()) {
              checkpoint.record(cursor.checkpoint());
            }
          });
    } catch (Deadline.Over over) {
      stopped = cursor.last();
    }
    chunker.finish();
    writes.drain();
    return stopped;
  }
}

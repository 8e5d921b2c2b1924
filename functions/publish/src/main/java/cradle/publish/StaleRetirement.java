package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import cradle.publish.PublishProgress.Phase;
import cradle.publish.PublishProgress.Position;
import cradle.shared.Log;
import cradle.shared.port.ReportSink;
import cradle.shared.port.WriteWindow;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.UpdateChunk;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retiring stale reports: deletes the nodes that earlier runs wrote and this run does not, reading
 * the earlier runs' rows for their keys, from the progress's position among them on. The paths
 * deleted in earlier segments are kept ({@link ProgressStore#readRetired}), so a baby named by two
 * earlier runs is deleted and counted once.
 */
record StaleRetirement(
    ReportRows.Source rowSource,
    ReportSink sink,
    PublishSettings publish,
    ProgressStore store,
    Log log) {
  /** Deletions per multi-path write (each is a short path and a null). */
  static final int DELETES_PER_WRITE = 5_000;

  /**
   * Stops early, after at least one row, when the segment's time is up.
   *
   * @param published the key paths this run writes
   * @return the progress reached: still {@code RETIRE} at the last row considered, or {@code
   *     COMMIT}
   */
  PublishProgress retire(
      PublishProgress progress, String reportPrefix, KeyHashes published, Deadline deadline)
      throws IOException {
    Deletes deletes =
        new Deletes(
            published,
            progress.removed(),
            // retiring begins here: a set left by an earlier attempt of this run is not ours
            progress.at().equals(Position.START) && progress.source() == 0
                ? new HashSet<>()
                : store.readRetired(progress.segment()));
    List<String> sources = progress.sources();
    for (int i = progress.source(); i < sources.size(); i++) {
      if (!PublishDecisions.retiresFrom(sources.get(i), reportPrefix)) {
        continue;
      }
      ReportRows earlier = rowSource.earlierRun(sources.get(i));
      if (earlier.files().isEmpty()) {
        log.warning(
            "stale reports not removed: the earlier run's rows under "
                + earlier.prefix()
                + " are gone");
        continue;
      }
      Position from = i == progress.source() ? progress.at() : Position.START;
      int source = i;
      for (int s = from.shard(); s < earlier.files().size(); s++) {
        try {
          earlier.file(
              s,
              s == from.shard() ? from.line() : 0,
              new Rejections(),
              (path, row, at) -> {
                if (deletes.considered > 0 && deadline.over()) {
                  throw new Deadline.Over();
                }
                deletes.consider(path, source, at);
              });
        } catch (FileNotFoundException e) {
          log.warning("stale reports partly removed: " + earlier.files().get(s) + " is gone");
        } catch (Deadline.Over over) {
          long removed = deletes.finish();
          store.writeRetired(progress.segment() + 1, deletes.deleted);
          // the last row considered may be the previous source's, if time was up at this one's
          // first row: resume after it, there
          return progress.at(Phase.RETIRE, deletes.lastSource, deletes.last).withRemoved(removed);
        }
      }
    }
    return progress.withRemoved(deletes.finish()).at(Phase.COMMIT, 0, Position.START);
  }

  /** Deletes stale paths in multi-path writes of {@link #DELETES_PER_WRITE}, each path once. */
  private final class Deletes {
    private final KeyHashes published;
    private final WriteWindow writes;
    private final Set<Long> deleted;
    private final Map<String, JsonElement> batch = new LinkedHashMap<>();
    private long removed;
    private long considered;

    /** The last row considered, in the earlier run {@link #lastSource}. */
    private int lastSource;

    private Position last;

    /**
     * @param deletedBefore the hashes of the paths the earlier segments of this publish deleted
     */
    Deletes(KeyHashes published, long removedBefore, Set<Long> deletedBefore) {
      this.published = published;
      this.writes = new WriteWindow(sink, publish.inFlight(), publish.writeTimeout());
      this.removed = removedBefore;
      this.deleted = deletedBefore;
    }

    void consider(String path, int source, Position at) throws IOException {
      considered++;
      lastSource = source;
      last = at;
      if (!PublishDecisions.stale(path, published) || !deleted.add(KeyHashes.hash(path))) {
        return;
      }
      batch.put(path, JsonNull.INSTANCE);
      removed++;
      if (batch.size() >= DELETES_PER_WRITE) {
        flush();
      }
    }

    long finish() throws IOException {
      flush();
      writes.drain();
      return removed;
    }

    private void flush() throws IOException {
      if (!batch.isEmpty()) {
        writes.submit(UpdateChunk.of(batch));
        batch.clear();
      }
    }
  }
}

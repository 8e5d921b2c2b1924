package cradle.publish;

import cradle.shared.reshape.KeyedRow;
import java.util.function.Predicate;

/**
 * One of the database instances the reports are sharded over: a publish of shard {@code index}
 * writes the reports of the families {@link ReportShards} puts there, and only those, into that
 * instance, with its own meta, lease and progress. Shard 0 of 1 is the unsharded publish, exactly.
 */
record DatabaseShard(int index, int count) {
  static final DatabaseShard ONLY = new DatabaseShard(0, 1);

  DatabaseShard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("no shard " + index + " of " + count);
    }
  }

  /**
   * The rows this shard publishes, by their first key (the family's uid); null when there is one
   * shard (every row, unfiltered).
   */
  Predicate<KeyedRow> rows() {
    if (count == 1) {
      return null;
    }
    ReportShards shards = new ReportShards(count);
    return row -> shards.of(row.keys().get(0)) == index;
  }

  /**
   * The folder of the run's publish progress, under the run's folder: {@code publish/} as ever with
   * one shard; {@code publish/shard-I-of-N/} with several, so a publish of another layout (before a
   * change of N) never resumes from this one's position.
   */
  String progressFolder() {
    return count == 1 ? "publish/" : "publish/shard-" + index + "-of-" + count + "/";
  }

  @Override
  public String toString() {
    return "shard " + index + " of " + count;
  }
}

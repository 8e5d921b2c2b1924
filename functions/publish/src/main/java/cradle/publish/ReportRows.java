package cradle.publish;

import cradle.publish.PublishProgress.Position;
import cradle.shared.Log;
import cradle.shared.port.BlobStore;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyedRow;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowCheck;
import cradle.shared.reshape.RowRejectedException;
import cradle.shared.reshape.RowReshaper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The row source: one run's report rows ({@code *.jsonl} under its report prefix), reshaped into
 * keyed nodes, each with its position (file index, line) so a publish can stop after any row and go
 * on after it in a later invocation. This run's rows are checked against the report contract; an
 * earlier run's, read only for their keys when retiring stale reports, are not (they may be of an
 * older version).
 */
final class ReportRows {
  /** Receives each row that became a node, with its database path and position. */
  @FunctionalInterface
  interface Consumer {
    void accept(String path, KeyedRow row, Position at) throws IOException;
  }

  /**
   * What the first pass found: valid rows, rejections, the key path of every valid row, and the
   * paths more than one row names (all of those rows rejected).
   */
  record Count(long valid, Rejections rejections, KeyHashes paths, KeyHashes duplicates) {
    boolean healthy() {
      return rejections.total() == 0;
    }
  }

  /** Makes the row sources of runs. */
  record Source(BlobStore blobs, PublishSettings publish, RowCheck contract) {
    /** This run's rows, checked against the report contract. */
    ReportRows thisRun(String reportPrefix) throws IOException {
      return new ReportRows(this, reportPrefix, true);
    }

    /** An earlier run's rows, read for their keys only. */
    ReportRows earlierRun(String reportPrefix) throws IOException {
      return new ReportRows(this, reportPrefix, false);
    }
  }

  private final Source source;
  private final String prefix;
  private final List<String> files;
  private final boolean checked;

  private ReportRows(Source source, String prefix, boolean checked) throws IOException {
    this.source = source;
    this.prefix = prefix;
    this.checked = checked;
    this.files = source.blobs().list(prefix).stream().filter(u -> u.endsWith(".jsonl")).toList();
  }

  String prefix() {
    return prefix;
  }

  /** The report's files ({@code *.jsonl}), in order; a position's {@code shard} indexes them. */
  List<String> files() {
    return files;
  }

  /** Pass 1: checks and counts every row and remembers every key path; writes nothing. */
  Count checkAndCount(Log log) throws IOException {
    Rejections rejections = new Rejections();
    KeyHashes paths = new KeyHashes();
    long valid = 0;
    for (int s = 0; s < files.size(); s++) {
      valid += file(s, 0, rejections, (path, row, at) -> paths.add(path));
    }
    KeyHashes duplicates = paths.duplicates();
    if (!duplicates.isEmpty()) {
      valid -= rejectDuplicates(duplicates, rejections);
    }
    if (rejections.total() > 0) {
      log.error(
          "report rows rejected: " + rejections.summary(),
          null,
          "rejected",
          rejections.countsByReason(),
          "examples",
          rejections.examples());
    }
    return new Count(valid, rejections, paths, duplicates);
  }

  /**
   * Rejects every row whose key path another row names too: which of them is right cannot be known,
   * so none is published (the baby keeps the report it had).
   *
   * @return how many rows were rejected
   */
  private long rejectDuplicates(KeyHashes duplicates, Rejections rejections) throws IOException {
    long rejected = 0;
    for (int s = 0; s < files.size(); s++) {
      List<Position> lines = new ArrayList<>();
      List<String> named = new ArrayList<>();
      file(
          s,
          0,
          new Rejections(),
          (path, row, at) -> {
            if (duplicates.contains(path)) {
              lines.add(at);
              named.add(path);
            }
          });
      for (int i = 0; i < lines.size(); i++) {
        rejections.add(
            files.get(s),
            lines.get(i).line(),
            new RowRejectedException(
                RowRejectedException.Reason.DUPLICATE_KEY,
                named.get(i) + " is named by more than one row; none of them is published"));
      }
      rejected += lines.size();
    }
    return rejected;
  }

  /** Every row from {@code start} on (rows up to and including {@code start} are skipped). */
  void from(Position start, Consumer consumer) throws IOException {
    for (int s = start.shard(); s < files.size(); s++) {
      file(s, s == start.shard() ? start.line() : 0, new Rejections(), consumer);
    }
  }

  /**
   * The rows of file {@code s} after its first {@code skip} lines.
   *
   * @return the number of rows passed to {@code consumer}
   * @throws java.io.FileNotFoundException when the file is gone
   */
  long file(int s, long skip, Rejections rejections, Consumer consumer) throws IOException {
    String uri = files.get(s);
    // every row of the report reaches the publish through here
    JsonlRows.RowConsumer each =
        (row, line) -> consumer.accept(path(row), row, new Position(s, skip + line));
    try (InputStream in = LineSkipper.skip(source.blobs().open(uri), skip, uri)) {
      return checked
          ? JsonlRows.stream(
              in, uri, this::reshaper, Runtime.getRuntime().availableProcessors(), rejections, each)
          : JsonlRows.stream(in, uri, reshaper(), rejections, each);
    }
  }

  private RowReshaper reshaper() {
    PublishSettings publish = source.publish();
    return checked
        ? new RowReshaper(publish.keyPath(), publish.reportsDepth(), source.contract())
        : new RowReshaper(publish.keyPath(), publish.reportsDepth());
  }

  private String path(KeyedRow row) {
    return source.publish().reportsPath() + "/" + String.join("/", row.keys());
  }
}

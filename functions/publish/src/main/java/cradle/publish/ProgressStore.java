package cradle.publish;

import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Where one run's publish keeps its progress between invocations: {@code progress.json} (small,
 * rewritten as the publish goes) and {@code keys.bin} (the hashes of every path the run writes,
 * written once after the first pass, for retiring stale reports in a later invocation), and {@code
 * retired-N.bin} (the hashes of the stale paths deleted before segment N, when retiring spans
 * invocations: a baby named by two earlier runs is deleted and counted once).
 */
final class ProgressStore {
  private final BlobStore blobs;
  private final String prefix;

  /**
   * @param prefix the run's {@code publish/} folder, ending in a slash
   */
  ProgressStore(BlobStore blobs, String prefix) {
    this.blobs = blobs;
    this.prefix = prefix;
  }

  String progressUri() {
    return prefix + "progress.json";
  }

  /** The progress, or null when this run's publish never got past its first pass. */
  PublishProgress read() throws IOException {
    try {
      return PublishProgress.parse(blobs.read(progressUri()), progressUri());
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  void write(PublishProgress progress) throws IOException {
    blobs.write(progressUri(), progress.toBytes());
  }

  void writeKeys(KeyHashes keys) throws IOException {
    blobs.write(prefix + "keys.bin", keys.toBytes());
  }

  KeyHashes readKeys() throws IOException {
    return KeyHashes.fromBytes(blobs.read(prefix + "keys.bin"));
  }

  /** The key paths named by more than one row of the run: none of those rows is written. */
  void writeDuplicates(KeyHashes duplicates) throws IOException {
    blobs.write(prefix + "duplicates.bin", duplicates.toBytes());
  }

  KeyHashes readDuplicates() throws IOException {
    try {
      return KeyHashes.fromBytes(blobs.read(prefix + "duplicates.bin"));
    } catch (FileNotFoundException e) {
      return new KeyHashes(); // a publish begun before duplicates were recorded
    }
  }

  /**
   * Named by the segment that starts from it, so a segment that crashes after writing its
   * successor's set, before its progress, is redelivered onto its own.
   */
  void writeRetired(int segment, Set<Long> hashes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(hashes.size() * Long.BYTES);
    hashes.forEach(b::putLong);
    blobs.write(retiredUri(segment), b.array());
  }

  /** The stale paths deleted before {@code segment}; none when retiring began in it. */
  Set<Long> readRetired(int segment) throws IOException {
    byte[] bytes;
    try {
      bytes = blobs.read(retiredUri(segment));
    } catch (FileNotFoundException e) {
      return new HashSet<>();
    }
    LongBuffer longs = ByteBuffer.wrap(bytes).asLongBuffer();
    Set<Long> hashes = new HashSet<>(longs.remaining() * 2);
    while (longs.hasRemaining()) {
      hashes.add(longs.get());
    }
    return hashes;
  }

  private String retiredUri(int segment) {
    return prefix + "retired-" + segment + ".bin";
  }
}

package cradle.publish;

import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Where one run's publish keeps its progress between invocations: {@code progress.json} (small,
 * rewritten as the publish goes) and {@code keys.bin} (the hashes of every path the run writes,
 * written once after the first pass, for retiring stale reports in a later invocation).
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
}

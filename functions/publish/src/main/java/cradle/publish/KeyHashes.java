package cradle.publish;

import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The set of key paths a run publishes, as sorted 64-bit hashes: 8 bytes a baby, so a million
 * babies cost 8 MB instead of the hundreds a set of strings would. At 64 bits a collision among a
 * million paths has a chance of about one in 10^7, and would only keep one stale report.
 */
final class KeyHashes {
  private long[] hashes = new long[1024];
  private int size;
  private boolean sorted;

  static long hash(String path) {
    return Hashing.murmur3_128().hashString(path, StandardCharsets.UTF_8).asLong();
  }

  void add(String path) {
    addHash(hash(path));
    sorted = false;
  }

  private void addHash(long hash) {
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, size * 2);
    }
    hashes[size++] = hash;
  }

  boolean contains(String path) {
    if (!sorted) {
      Arrays.sort(hashes, 0, size);
      sorted = true;
    }
    return Arrays.binarySearch(hashes, 0, size, hash(path)) >= 0;
  }

  int size() {
    return size;
  }

  /** The paths added more than once (each once). */
  KeyHashes duplicates() {
    contains(""); // sorts
    KeyHashes d = new KeyHashes();
    for (int i = 1; i < size; i++) {
      if (hashes[i] == hashes[i - 1] && (d.size == 0 || d.hashes[d.size - 1] != hashes[i])) {
        d.addHash(hashes[i]);
      }
    }
    d.sorted = true;
    return d;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The set as bytes (8 per path, sorted), to keep between the invocations of one publish. */
  byte[] toBytes() {
    contains(""); // sorts
    ByteBuffer b = ByteBuffer.allocate(size * Long.BYTES);
    b.asLongBuffer().put(hashes, 0, size);
    return b.array();
  }

  static KeyHashes fromBytes(byte[] bytes) {
    if (bytes.length % Long.BYTES != 0) {
      throw new IllegalArgumentException("not a key hash set: " + bytes.length + " bytes");
    }
    KeyHashes k = new KeyHashes();
    k.size = bytes.length / Long.BYTES;
    k.hashes = new long[Math.max(1024, k.size)];
    ByteBuffer.wrap(bytes).asLongBuffer().get(k.hashes, 0, k.size);
    k.sorted = true;
    return k;
  }
}

package cradle.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The shard function: which of {@code count} Realtime Database instances holds a family's reports.
 * The app computes the same, so it is fixed and documented (docs/sharding.md, with test vectors):
 *
 * <ol>
 *   <li>{@code key}: the first 8 bytes of SHA-256 of the uid (UTF-8), as an unsigned big-endian
 *       64-bit number;
 *   <li>{@code shard = jump(key, count)}: Lamport and Veach's jump consistent hash
 *       (arXiv:1406.2294), so going from N to N+1 instances moves only about 1/(N+1) of the
 *       families, each to the new instance.
 * </ol>
 *
 * @param count how many instances the reports are spread over (1: everything in instance 0)
 */
public record ReportShards(int count) {
  /** The multiplier of jump consistent hash's linear congruential step (from the paper). */
  private static final long LCG = 2862933555777941757L;

  public ReportShards {
    if (count < 1) {
      throw new IllegalArgumentException("a shard count is at least 1: " + count);
    }
  }

  /** The shard (0 to {@code count - 1}) of the family {@code uid}. */
  public int of(String uid) {
    return count == 1 ? 0 : jump(key(uid), count);
  }

  /** The first 8 bytes of SHA-256(uid), big-endian (Java's long holds the unsigned bits). */
  static long key(String uid) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Jump consistent hash; unsigned 64-bit arithmetic, as in the paper's C++. */
  static int jump(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * LCG + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }
}

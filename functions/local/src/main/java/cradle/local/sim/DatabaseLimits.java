package cradle.local.sim;

import java.time.Duration;

/**
 * The write limits of one Realtime Database (firebase.google.com/docs/database/usage/limits,
 * checked 2026-11-27). Sizes are counted as the bytes of the JSON a write carries, and "MB" as 10^6
 * bytes, the stricter reading.
 *
 * @param maxWriteBytes one write from an SDK: 16 MB
 * @param writesPerSecond about 1,000 writes a second
 * @param bytesPerMinute about 64 MB a minute of bytes written, sustained
 * @param writeSizeLimit the database's setting for aborting writes estimated too slow
 * @param estimateBytesPerSecond how fast the database is assumed to apply a write when it estimates
 *     its duration; the documentation does not say, so this takes the sustained bandwidth (a write
 *     of 1.07 MB is then estimated at 1 s)
 */
public record DatabaseLimits(
    long maxWriteBytes,
    int writesPerSecond,
    long bytesPerMinute,
    WriteSizeLimit writeSizeLimit,
    double estimateBytesPerSecond) {

  /** As documented, with the strictest write-size limit. */
  public static DatabaseLimits documented(WriteSizeLimit writeSizeLimit) {
    return new DatabaseLimits(16_000_000, 1_000, 64_000_000, writeSizeLimit, 64_000_000 / 60.0);
  }

  /** How long the database expects a write of {@code bytes} to take. */
  public Duration estimate(long bytes) {
    return Duration.ofNanos((long) (bytes / estimateBytesPerSecond * 1e9));
  }
}

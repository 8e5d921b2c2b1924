package cradle.publish;

import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.reshape.DatabaseKeys;
import cradle.shared.reshape.KeyPath;
import java.time.Duration;

/**
 * Where and how reports are written.
 *
 * @param keyPath the row fields that become keys, outermost first
 * @param reportsPath the node the reports go under ({@code reports/<user>/<baby>})
 * @param metaPath the node the run's meta goes to, written last
 * @param chunkBytes the size of one multi-path write (one SDK write may carry 16 MB, but the
 *     database also aborts writes it estimates to take longer than its write-size limit: 1 s at the
 *     strictest, "tiny")
 * @param bytesPerMinute the bytes publish writes in any minute at most (the database sustains about
 *     64 MB a minute in all, the app's own writes included); 0 for none (local targets only)
 * @param writesPerSecond the writes publish sends in any second at most (the database sustains
 *     about 1,000)
 * @param segment how long one invocation writes before it hands the rest to a continuation; with
 *     the write timeout it must fit the function's 540 s timeout
 * @param maxShrink the largest fall in the number of reports against the last published run that
 *     publishes without an operator's {@code force}
 */
record PublishSettings(
    KeyPath keyPath,
    String reportsPath,
    String metaPath,
    long chunkBytes,
    int inFlight,
    Duration writeTimeout,
    double maxShrink,
    long bytesPerMinute,
    int writesPerSecond,
    Duration segment) {
  static final String KEY_PATH = "CRADLE_KEY_PATH";
  static final String REPORTS_PATH = "CRADLE_REPORTS_PATH";
  static final String META_PATH = "CRADLE_META_PATH";
  static final String CHUNK_BYTES = "CRADLE_PUBLISH_CHUNK_BYTES";
  static final String IN_FLIGHT = "CRADLE_PUBLISH_IN_FLIGHT";
  static final String WRITE_TIMEOUT_SECONDS = "CRADLE_PUBLISH_WRITE_TIMEOUT_SECONDS";
  static final String MAX_SHRINK = "CRADLE_PUBLISH_MAX_SHRINK";
  static final String BYTES_PER_MINUTE = "CRADLE_PUBLISH_BYTES_PER_MINUTE";
  static final String WRITES_PER_SECOND = "CRADLE_PUBLISH_WRITES_PER_SECOND";
  static final String SEGMENT_SECONDS = "CRADLE_PUBLISH_SEGMENT_SECONDS";

  /** {@code CRADLE_PUBLISH_BYTES_PER_MINUTE=unpaced}: no pacing, for the local profile only. */
  static final String UNPACED = "unpaced";

  /**
   * 512 KiB: the database estimates how long a write will take and aborts it past its write-size
   * limit (1 s at the strictest setting). At its sustained 64 MB a minute, about 1.07 MB a second,
   * half a megabyte is estimated at half a second, so every setting accepts it; at 56 MB a minute
   * that is still under two writes a second.
   */
  static final long DEFAULT_CHUNK_BYTES = 512 << 10;

  /** The database's documented sustained write bandwidth, per database. */
  static final long DATABASE_BYTES_PER_MINUTE = 64_000_000;

  /**
   * 7/8 of the database's sustained bandwidth: the app's own writes keep the rest, and a night of a
   * million babies still takes within 1.25 times the time the bandwidth allows at all.
   */
  static final long DEFAULT_BYTES_PER_MINUTE = DATABASE_BYTES_PER_MINUTE * 7 / 8;

  /** Cloud Functions' event-driven timeout (2nd gen, the safe maximum). */
  static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(540);

  /** What a segment leaves for the hand-off, the checkpoint and a cold start. */
  static final Duration SEGMENT_MARGIN = Duration.ofSeconds(30);

  static PublishSettings read(Env env) {
    KeyPath keyPath = null;
    try {
      keyPath = KeyPath.parse(env.optional(KEY_PATH, "user_id/baby_id"));
    } catch (IllegalArgumentException e) {
      env.problem(KEY_PATH + ": " + e.getMessage());
    }
    String reports = databasePath(env, REPORTS_PATH, "reports");
    String meta = databasePath(env, META_PATH, "reports_meta");
    long chunkBytes = env.positiveLong(CHUNK_BYTES, DEFAULT_CHUNK_BYTES);
    if (chunkBytes > 12L << 20) {
      env.problem(CHUNK_BYTES + "=" + chunkBytes + " is too close to the 16 MB write limit");
    }
    int inFlight = (int) env.positiveLong(IN_FLIGHT, 4);
    Duration timeout = Duration.ofSeconds(env.positiveLong(WRITE_TIMEOUT_SECONDS, 60));
    double maxShrink = env.fraction(MAX_SHRINK, 0.2);
    long bytesPerMinute;
    if (UNPACED.equals(env.optional(BYTES_PER_MINUTE, null))) {
      // the local targets (a JSON file, an emulator) have no bandwidth to share
      bytesPerMinute = 0;
      if (!"local".equals(env.optional(Settings.PROFILE, null))) {
        env.problem(BYTES_PER_MINUTE + "=" + UNPACED + " is for the local profile only");
      }
    } else {
      bytesPerMinute = env.positiveLong(BYTES_PER_MINUTE, DEFAULT_BYTES_PER_MINUTE);
    }
    if (bytesPerMinute > DATABASE_BYTES_PER_MINUTE) {
      env.problem(
          BYTES_PER_MINUTE
              + "="
              + bytesPerMinute
              + " is above the 64 MB a minute the database sustains");
    }
    long writesPerSecond = env.positiveLong(WRITES_PER_SECOND, 100);
    if (writesPerSecond > 1000) {
      env.problem(
          WRITES_PER_SECOND + "=" + writesPerSecond + " is above the 1,000 the database sustains");
    }
    Duration segment = Duration.ofSeconds(env.positiveLong(SEGMENT_SECONDS, 420));
    if (segment.plus(timeout).plus(SEGMENT_MARGIN).compareTo(FUNCTION_TIMEOUT) > 0) {
      env.problem(
          SEGMENT_SECONDS
              + "="
              + segment.toSeconds()
              + " with "
              + WRITE_TIMEOUT_SECONDS
              + "="
              + timeout.toSeconds()
              + " and "
              + SEGMENT_MARGIN.toSeconds()
              + " s to hand over does not fit the function's 540 s timeout");
    }
    return new PublishSettings(
        keyPath,
        reports,
        meta,
        chunkBytes,
        inFlight,
        timeout,
        maxShrink,
        bytesPerMinute,
        (int) Math.min(writesPerSecond, Integer.MAX_VALUE),
        segment);
  }

  private static String databasePath(Env env, String name, String absent) {
    String v = env.optional(name, absent);
    for (String segment : v.split("/", -1)) {
      String problem = DatabaseKeys.problem(segment);
      if (problem != null) {
        env.problem(name + "=" + Env.shown(v) + ": " + problem);
        break;
      }
    }
    return v;
  }

  /** The node of the publish lease, beside the meta (neither is readable by the app). */
  String leasePath() {
    return metaPath + "_lease";
  }

  boolean paced() {
    return bytesPerMinute > 0;
  }

  /** How many path segments lie above the first key ({@code reports} is 1). */
  int reportsDepth() {
    return reportsPath.split("/").length;
  }
}

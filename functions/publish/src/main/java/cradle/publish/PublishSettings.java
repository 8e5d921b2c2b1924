package cradle.publish;

import cradle.shared.config.Env;
import cradle.shared.reshape.DatabaseKeys;
import cradle.shared.reshape.KeyPath;
import java.time.Duration;

/**
 * Where and how reports are written.
 *
 * @param keyPath the row fields that become keys, outermost first
 * @param reportsPath the node the reports go under ({@code reports/<user>/<baby>})
 * @param metaPath the node the run's meta goes to, written last
 * @param chunkBytes the size of one multi-path write (one SDK write may carry 16 MB)
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
    double maxShrink) {
  static final String KEY_PATH = "CRADLE_KEY_PATH";
  static final String REPORTS_PATH = "CRADLE_REPORTS_PATH";
  static final String META_PATH = "CRADLE_META_PATH";
  static final String CHUNK_BYTES = "CRADLE_PUBLISH_CHUNK_BYTES";
  static final String IN_FLIGHT = "CRADLE_PUBLISH_IN_FLIGHT";
  static final String WRITE_TIMEOUT_SECONDS = "CRADLE_PUBLISH_WRITE_TIMEOUT_SECONDS";
  static final String MAX_SHRINK = "CRADLE_PUBLISH_MAX_SHRINK";

  static PublishSettings read(Env env) {
    KeyPath keyPath = null;
    try {
      keyPath = KeyPath.parse(env.optional(KEY_PATH, "user_id/baby_id"));
    } catch (IllegalArgumentException e) {
      env.problem(KEY_PATH + ": " + e.getMessage());
    }
    String reports = databasePath(env, REPORTS_PATH, "reports");
    String meta = databasePath(env, META_PATH, "reports_meta");
    long chunkBytes = env.positiveLong(CHUNK_BYTES, 4L << 20);
    if (chunkBytes > 12L << 20) {
      env.problem(CHUNK_BYTES + "=" + chunkBytes + " is too close to the 16 MB write limit");
    }
    int inFlight = (int) env.positiveLong(IN_FLIGHT, 4);
    Duration timeout = Duration.ofSeconds(env.positiveLong(WRITE_TIMEOUT_SECONDS, 60));
    double maxShrink = env.fraction(MAX_SHRINK, 0.2);
    return new PublishSettings(keyPath, reports, meta, chunkBytes, inFlight, timeout, maxShrink);
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

  /** How many path segments lie above the first key ({@code reports} is 1). */
  int reportsDepth() {
    return reportsPath.split("/").length;
  }
}

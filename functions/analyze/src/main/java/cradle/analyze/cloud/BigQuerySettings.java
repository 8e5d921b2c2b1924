package cradle.analyze.cloud;

import cradle.shared.config.Env;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * @param maxBytesBilled a guard: BigQuery fails a query that would bill more instead of running it
 * @param jobWait how long one delivery waits for a job; a longer job is picked up again on
 *     redelivery
 */
public record BigQuerySettings(
    String project, String dataset, String location, long maxBytesBilled, Duration jobWait) {
  public static final String DATASET = "CRADLE_BQ_DATASET";
  public static final String LOCATION = "CRADLE_BQ_LOCATION";
  public static final String MAX_BYTES_BILLED = "CRADLE_BQ_MAX_BYTES_BILLED";
  public static final String WAIT_SECONDS = "CRADLE_BQ_WAIT_SECONDS";
  private static final Pattern DATASET_ID = Pattern.compile("[A-Za-z0-9_]{1,1024}");

  static BigQuerySettings read(Env env, String project) {
    String dataset = env.optional(DATASET, "cradle");
    if (!DATASET_ID.matcher(dataset).matches()) {
      env.problem(DATASET + "=" + Env.shown(dataset) + " may hold only letters, digits and '_'");
    }
    String location = env.optional(LOCATION, "asia-northeast1");
    long maxBytes = env.positiveLong(MAX_BYTES_BILLED, 100L << 30);
    long wait = env.positiveLong(WAIT_SECONDS, 300);
    if (wait > 420) {
      env.problem(WAIT_SECONDS + "=" + wait + " leaves too little of the 540 s function timeout");
    }
    return new BigQuerySettings(project, dataset, location, maxBytes, Duration.ofSeconds(wait));
  }
}

package cradle.shared.config;

import java.time.ZoneId;

/**
 * The settings every stage shares, validated at cold start.
 *
 * @param profile {@code local} (embedded adapters) or {@code cloud} (Google Cloud)
 * @param artifactsUri where run artifacts live: {@code gs://bucket} or {@code file:///dir}
 * @param maxRunAgeDays run dates older than this are refused as mistakes
 * @param maxEventAgeSeconds redelivered events older than this are dropped instead of retried
 */
public record Settings(
    String profile,
    ZoneId timeZone,
    String artifactsUri,
    int maxRunAgeDays,
    long maxEventAgeSeconds) {

  public static final String PROFILE = "CRADLE_PROFILE";
  public static final String TIME_ZONE = "CRADLE_TIME_ZONE";
  public static final String ARTIFACTS_URI = "CRADLE_ARTIFACTS_URI";
  public static final String MAX_RUN_AGE_DAYS = "CRADLE_MAX_RUN_AGE_DAYS";
  public static final String MAX_EVENT_AGE_SECONDS = "CRADLE_MAX_EVENT_AGE_SECONDS";

  public static final String DEFAULT_TIME_ZONE = "Asia/Tokyo";

  public static Settings read(Env env) {
    // which profiles exist depends on the classpath; the entry point checks the name
    String profile = env.required(PROFILE);
    ZoneId zone = env.zone(TIME_ZONE, DEFAULT_TIME_ZONE);
    String artifacts = env.baseUri(ARTIFACTS_URI, java.util.Set.of("gs", "file"), null);
    int maxRunAge = (int) env.positiveLong(MAX_RUN_AGE_DAYS, 400);
    long maxEventAge = env.positiveLong(MAX_EVENT_AGE_SECONDS, 6 * 3600);
    return new Settings(profile, zone, artifacts, maxRunAge, maxEventAge);
  }
}

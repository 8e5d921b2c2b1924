package cradle.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void read_validEnvironment_appliesDocumentedDefaults() {
    Env env = new Env(Map.of("CRADLE_PROFILE", "cloud", "CRADLE_ARTIFACTS_URI", "gs://bucket/"));

    Settings s = Settings.read(env);
    env.check();

    assertEquals(ZoneId.of("Asia/Tokyo"), s.timeZone());
    assertEquals("gs://bucket", s.artifactsUri());
    assertEquals(400, s.maxRunAgeDays());
  }

  @Test
  void check_reportsEveryBadVariableAtOnce() {
    Env env =
        new Env(
            Map.of(
                "CRADLE_PROFILE", "staging",
                "CRADLE_TIME_ZONE", "Mars/Olympus",
                "CRADLE_ARTIFACTS_URI", "s3://bucket",
                "CRADLE_MAX_RUN_AGE_DAYS", "-3"));
    Settings.read(env);

    ConfigException e = assertThrows(ConfigException.class, env::check);

    assertEquals(
        List.of(
            "CRADLE_TIME_ZONE='Mars/Olympus' is not a time zone (e.g. Asia/Tokyo)",
            "CRADLE_ARTIFACTS_URI='s3://bucket' must start with file:// or gs://",
            "CRADLE_MAX_RUN_AGE_DAYS='-3' is not a positive whole number"),
        e.problems());
  }

  @Test
  void check_missingRequired_isNamed() {
    Env env = new Env(Map.of());
    Settings.read(env);

    assertEquals(
        List.of("CRADLE_PROFILE is not set", "CRADLE_ARTIFACTS_URI is not set"),
        assertThrows(ConfigException.class, env::check).problems());
  }
}

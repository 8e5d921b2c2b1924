package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.config.ConfigException;
import cradle.shared.config.Env;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishSettingsTest {
  @Test
  void read_defaults() {
    Env env = new Env(Map.of());
    PublishSettings s = PublishSettings.read(env);
    env.check();

    assertEquals(List.of("user_id", "baby_id"), s.keyPath().fields());
    assertEquals("reports", s.reportsPath());
    assertEquals("reports_meta", s.metaPath());
    assertEquals(4L << 20, s.chunkBytes());
  }

  @Test
  void check_badPathsAndBudgets_allNamed() {
    Env env =
        new Env(
            Map.of(
                "CRADLE_KEY_PATH", "user_id//baby_id",
                "CRADLE_REPORTS_PATH", "reports.v2",
                "CRADLE_PUBLISH_CHUNK_BYTES", "20000000"));
    PublishSettings.read(env);

    assertEquals(
        List.of(
            "CRADLE_KEY_PATH: 'user_id//baby_id' has an empty field name (write e.g."
                + " user_id/baby_id)",
            "CRADLE_REPORTS_PATH='reports.v2': key 'reports.v2' contains '.'",
            "CRADLE_PUBLISH_CHUNK_BYTES=20000000 is too close to the 16 MB write limit"),
        assertThrows(ConfigException.class, env::check).problems());
  }
}

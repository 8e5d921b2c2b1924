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
    assertEquals(512 << 10, s.chunkBytes());
    assertEquals(56_000_000, s.bytesPerMinute());
    assertEquals(100, s.writesPerSecond());
    assertEquals(java.time.Duration.ofSeconds(420), s.segment());
  }

  @Test
  void unpaced_isForTheLocalProfileOnly() {
    Env local =
        new Env(Map.of("CRADLE_PROFILE", "local", "CRADLE_PUBLISH_BYTES_PER_MINUTE", "unpaced"));
    assertEquals(false, PublishSettings.read(local).paced());
    local.check();

    Env cloud =
        new Env(Map.of("CRADLE_PROFILE", "cloud", "CRADLE_PUBLISH_BYTES_PER_MINUTE", "unpaced"));
    PublishSettings.read(cloud);
    assertEquals(
        List.of("CRADLE_PUBLISH_BYTES_PER_MINUTE=unpaced is for the local profile only"),
        assertThrows(ConfigException.class, cloud::check).problems());
  }

  @Test
  void read_theLongestSegmentThatFits_isAccepted() {
    Env env = new Env(Map.of("CRADLE_PUBLISH_SEGMENT_SECONDS", "450"));
    PublishSettings.read(env);
    env.check();
  }

  @Test
  void check_badPathsAndBudgets_allNamed() {
    Env env =
        new Env(
            Map.of(
                "CRADLE_KEY_PATH", "user_id//baby_id",
                "CRADLE_REPORTS_PATH", "reports.v2",
                "CRADLE_PUBLISH_CHUNK_BYTES", "20000000",
                "CRADLE_PUBLISH_BYTES_PER_MINUTE", "64000001",
                "CRADLE_PUBLISH_WRITES_PER_SECOND", "1001",
                "CRADLE_PUBLISH_SEGMENT_SECONDS", "451"));
    PublishSettings.read(env);

    assertEquals(
        List.of(
            "CRADLE_KEY_PATH: 'user_id//baby_id' has an empty field name (write e.g."
                + " user_id/baby_id)",
            "CRADLE_REPORTS_PATH='reports.v2': key 'reports.v2' contains '.'",
            "CRADLE_PUBLISH_CHUNK_BYTES=20000000 is too close to the 16 MB write limit",
            "CRADLE_PUBLISH_BYTES_PER_MINUTE=64000001 is above the 64 MB a minute the database"
                + " sustains",
            "CRADLE_PUBLISH_WRITES_PER_SECOND=1001 is above the 1,000 the database sustains",
            "CRADLE_PUBLISH_SEGMENT_SECONDS=451 with CRADLE_PUBLISH_WRITE_TIMEOUT_SECONDS=60 and 30 s"
                + " to hand over does not fit the function's 540 s timeout"),
        assertThrows(ConfigException.class, env::check).problems());
  }

  @Test
  void read_theLargestChunkAndTheDatabasesWholeBandwidth_areAccepted() {
    Env env =
        new Env(
            Map.of(
                "CRADLE_PUBLISH_CHUNK_BYTES", String.valueOf(12 << 20),
                "CRADLE_PUBLISH_BYTES_PER_MINUTE", "64000000",
                "CRADLE_PUBLISH_WRITES_PER_SECOND", "1000"));
    PublishSettings s = PublishSettings.read(env);
    env.check();

    assertEquals(12 << 20, s.chunkBytes());
    assertEquals(64_000_000, s.bytesPerMinute());
    assertEquals(1000, s.writesPerSecond());

    Env over = new Env(Map.of("CRADLE_PUBLISH_CHUNK_BYTES", String.valueOf((12 << 20) + 1)));
    PublishSettings.read(over);
    assertEquals(1, assertThrows(ConfigException.class, over::check).problems().size());
  }

  @Test
  void reportsDepth_isTheNumberOfPathSegmentsAboveTheFirstKey() {
    assertEquals(1, PublishSettings.read(new Env(Map.of())).reportsDepth());
    assertEquals(
        3,
        PublishSettings.read(new Env(Map.of("CRADLE_REPORTS_PATH", "app/v2/reports")))
            .reportsDepth());
  }
}

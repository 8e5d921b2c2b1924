package cradle.publish.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.config.ConfigException;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.testing.CloudEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CRADLE_DATABASE_URL lists the instances in shard order; each shard's client opens its own. */
class PublishCloudProfileTest {
  private static final String A = "https://p-cradle-reports.asia-southeast1.firebasedatabase.app";
  private static final String B = "https://p-cradle-reports-1.asia-southeast1.firebasedatabase.app";
  private static final String C = "https://p-cradle-reports-2.asia-southeast1.firebasedatabase.app";

  private final List<String> opened = new ArrayList<>();

  private Profile.Adapters create(String urls) {
    Env env = new Env(CloudEnv.with("CRADLE_DATABASE_URL", urls));
    Profile.Adapters adapters =
        new PublishCloudProfile(
                () -> null,
                url -> {
                  opened.add(url);
                  return null;
                },
                (PubSubHandOff.PublisherFactory) topic -> null)
            .create(
                Settings.read(env), env, Set.of(BlobStore.class, ReportSink.class, HandOff.class));
    env.check();
    return adapters;
  }

  @Test
  void oneUrl_isOneShard_asBefore() {
    Profile.Adapters adapters = create(A);

    adapters.reportSink();

    assertEquals(1, adapters.reportShards());
    assertEquals(List.of(A), opened);
  }

  @Test
  void severalUrls_areTheShardsInOrder_eachOpenedOnlyWhenItsShardPublishes() {
    Profile.Adapters adapters = create(A + "," + B + "," + C);

    adapters.reportSink(2);
    adapters.reportSink(0);

    assertEquals(3, adapters.reportShards());
    assertEquals(List.of(C, A), opened);
  }

  @Test
  void aBadOrRepeatedUrl_isNamedWithItsShard() {
    ConfigException bad =
        assertThrows(ConfigException.class, () -> create(A + ",https://x.example.com," + A));

    assertEquals(
        List.of(
            "CRADLE_DATABASE_URL (shard 1)='https://x.example.com' is not a Realtime Database URL"
                + " (https://NAME.firebaseio.com or https://NAME.REGION.firebasedatabase.app,"
                + " without user info or a query string; several instances: comma-separated, no"
                + " spaces)",
            "CRADLE_DATABASE_URL names " + A + " twice: each shard is its own instance"),
        bad.problems());
  }
}

package cradle.publish.cloud;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.common.base.Suppliers;
import cradle.publish.FirebaseReportSink;
import cradle.shared.cloud.CloudAdapters;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.GcsBlobStore;
import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code CRADLE_PROFILE=cloud} for the publish function: Cloud Storage and the Realtime Database.
 */
public final class PublishCloudProfile implements Profile {
  /**
   * The Realtime Database instances the reports go to, comma-separated, in shard order: shard 0
   * first, the only one when the reports are not sharded (docs/sharding.md).
   */
  public static final String DATABASE_URL = "CRADLE_DATABASE_URL";

  static final String EMULATOR_HOST = "FIREBASE_DATABASE_EMULATOR_HOST";

  private static final String INSTANCE_URL =
      "https://[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(firebaseio\\.com|firebasedatabase\\.app)/?";

  private final Supplier<Storage> storage;
  private final Function<String, ReportSink> database;
  private final PubSubHandOff.PublisherFactory publishers;

  public PublishCloudProfile() {
    this(
        Suppliers.memoize(() -> StorageOptions.getDefaultInstance().getService()),
        url -> new FirebaseReportSink(url, false, Duration.ofSeconds(60)),
        PubSubHandOff.defaultPublishers());
  }

  /** The same profile over given clients, for tests. */
  public PublishCloudProfile(
      Supplier<Storage> storage,
      Function<String, ReportSink> database,
      PubSubHandOff.PublisherFactory publishers) {
    this.storage = storage;
    this.database = database;
    this.publishers = publishers;
  }

  @Override
  public String name() {
    return "cloud";
  }

  @Override
  public Set<Class<?>> provides() {
    return Set.of(BlobStore.class, ReportSink.class, HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
    CloudSettings cloud = CloudSettings.read(env, settings);
    List<String> urls = databaseUrls(env);
    env.mustBeUnset(
        EMULATOR_HOST,
        "the Admin SDK reads it by itself and would write the reports to that emulator instead of "
            + DATABASE_URL
            + "; unset it in the cloud (it is for the local profile)");
    BlobStore blobs = new GcsBlobStore(storage);
    List<Supplier<ReportSink>> sinks = new ArrayList<>();
    for (String url : urls) {
      sinks.add(Suppliers.memoize(() -> database.apply(url)));
    }
    if (sinks.isEmpty()) {
      return null; // the problem is reported
    }
    return CloudAdapters.builder(cloud, publishers).blobs(blobs).reportSinks(sinks).build();
  }

  /** Every instance's URL, each checked; a problem names the URL and its place. */
  static List<String> databaseUrls(Env env) {
    String value = env.required(DATABASE_URL);
    if (value == null) {
      return List.of();
    }
    List<String> urls = List.of(value.split(",", -1));
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      if (!url.matches(INSTANCE_URL)) {
        env.problem(
            DATABASE_URL
                + (urls.size() > 1 ? " (shard " + i + ")" : "")
                + "="
                + Env.shown(url)
                + " is not a Realtime Database URL (https://NAME.firebaseio.com or"
                + " https://NAME.REGION.firebasedatabase.app, without user info or a query"
                + " string"
                + (urls.size() > 1 ? "; several instances: comma-separated, no spaces)" : ")"));
      } else if (urls.subList(0, i).contains(url)) {
        env.problem(DATABASE_URL + " names " + url + " twice: each shard is its own instance");
      }
    }
    return urls;
  }
}

package cradle.analyze.cloud;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.common.base.Suppliers;
import cradle.shared.cloud.CloudAdapters;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.GcsBlobStore;
import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.Warehouse;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code CRADLE_PROFILE=cloud} for the analyze function: BigQuery, Pub/Sub, and Cloud Storage for
 * the record that an attempt's export is complete.
 */
public final class AnalyzeCloudProfile implements Profile {
  private final Supplier<BigQuery> bigquery;
  private final Supplier<Storage> storage;
  private final PubSubHandOff.PublisherFactory publishers;
  private final BigQueryWarehouse.Sleeper sleeper;

  /** The deployed profile: real clients, made on first use. */
  public AnalyzeCloudProfile() {
    this(
        Suppliers.memoize(() -> BigQueryOptions.getDefaultInstance().getService()),
        Suppliers.memoize(() -> StorageOptions.getDefaultInstance().getService()),
        PubSubHandOff.defaultPublishers(),
        Thread::sleep);
  }

  /** The same profile over given clients, for tests. */
  public AnalyzeCloudProfile(
      Supplier<BigQuery> bigquery,
      Supplier<Storage> storage,
      PubSubHandOff.PublisherFactory publishers,
      BigQueryWarehouse.Sleeper sleeper) {
    this.bigquery = bigquery;
    this.storage = storage;
    this.publishers = publishers;
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return "cloud";
  }

  @Override
  public Set<Class<?>> provides() {
    return Set.of(Warehouse.class, BlobStore.class, HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
    CloudSettings cloud = CloudSettings.read(env, settings);
    BigQuerySettings bq = BigQuerySettings.read(env, cloud.project());
    Warehouse warehouse = new BigQueryWarehouse(bigquery, bq, Clock.systemUTC(), sleeper);
    return CloudAdapters.builder(cloud, publishers)
        .warehouse(warehouse)
        .blobs(new GcsBlobStore(storage))
        .build();
  }
}

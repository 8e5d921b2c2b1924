package cradle.analyze.cloud;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.common.base.Suppliers;
import cradle.shared.cloud.CloudAdapters;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.Warehouse;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/** {@code CRADLE_PROFILE=cloud} for the analyze function: BigQuery and Pub/Sub. */
public final class AnalyzeCloudProfile implements Profile {
  private final Supplier<BigQuery> bigquery;
  private final PubSubHandOff.PublisherFactory publishers;
  private final BigQueryWarehouse.Sleeper sleeper;

  /** The deployed profile: real clients, made on first use. */
  public AnalyzeCloudProfile() {
    this(
        Suppliers.memoize(() -> BigQueryOptions.getDefaultInstance().getService()),
        PubSubHandOff.defaultPublishers(),
        Thread::sleep);
  }

  /** The same profile over given clients, for tests. */
  public AnalyzeCloudProfile(
      Supplier<BigQuery> bigquery,
      PubSubHandOff.PublisherFactory publishers,
      BigQueryWarehouse.Sleeper sleeper) {
    this.bigquery = bigquery;
    this.publishers = publishers;
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return "cloud";
  }

  @Override
  public Set<Class<?>> provides() {
    return Set.of(Warehouse.class, HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
    CloudSettings cloud = CloudSettings.read(env, settings);
    BigQuerySettings bq = BigQuerySettings.read(env, cloud.project());
    Warehouse warehouse = new BigQueryWarehouse(bigquery, bq, Clock.systemUTC(), sleeper);
    return CloudAdapters.builder(cloud, publishers).warehouse(warehouse).build();
  }
}

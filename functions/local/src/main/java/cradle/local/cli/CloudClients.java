package cradle.local.cli;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import cradle.shared.Sleeper;
import cradle.shared.cloud.PubSubHandOff;
import java.time.Clock;
import java.util.function.Function;

/**
 * How the commands that reach a deployed Cradle ({@code replay}, {@code status --project}) reach
 * it, and the time they go by: the real clients (application default credentials) and the system
 * clock, or a test's doubles handed to {@link CradleCli#execute(CloudClients, String...)}.
 *
 * @param publishers Pub/Sub publishers of the stage topics
 * @param bigquery the BigQuery client of a project (the runs table's)
 * @param clock "today", and the time a backfill waits by
 * @param sleeper how a backfill waits between looks at the runs table
 */
record CloudClients(
    PubSubHandOff.PublisherFactory publishers,
    Function<String, BigQuery> bigquery,
    Clock clock,
    Sleeper sleeper) {

  static CloudClients real() {
    return new CloudClients(
        PubSubHandOff.defaultPublishers(),
        project -> BigQueryOptions.newBuilder().setProjectId(project).build().getService(),
        Clock.systemUTC(),
        Sleeper.of(Clock.systemUTC()));
  }

  /** The runs table in {@code project}'s {@code dataset}. */
  RunsTable runsTable(String project, String dataset) {
    return new RunsTable(bigquery.apply(project), project, dataset);
  }
}

package cradle.local.cli;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import cradle.shared.RunEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The deployed Cradle's run events, as the events topic's BigQuery subscription writes them into
 * the {@code runs} table (terraform/bigquery.tf): one row per event, the event itself as JSON in
 * {@code data}, its stage, run id, run date and kind in {@code attributes} (JSON).
 */
final class RunsTable {
  private final BigQuery bigquery;
  private final String table;

  /** The runs table in {@code project}'s {@code dataset}, read through {@code bigquery}. */
  RunsTable(BigQuery bigquery, String project, String dataset) {
    this.bigquery = bigquery;
    this.table = "`" + project + "." + dataset + ".runs`";
  }

  /** The events published since {@code since}, oldest first. */
  List<RunEvent> since(Instant since) throws InterruptedException {
    return events(
        QueryJobConfiguration.newBuilder(
                "SELECT data FROM " + table + " WHERE publish_time >= @since ORDER BY publish_time")
            .addNamedParameter("since", timestamp(since))
            .setUseLegacySql(false)
            .build());
  }

  /** The events of these runs published since {@code since}, oldest first. */
  List<RunEvent> ofRuns(Collection<String> runIds, Instant since) throws InterruptedException {
    return events(
        QueryJobConfiguration.newBuilder(
                "SELECT data FROM "
                    + table
                    + " WHERE publish_time >= @since"
                    + " AND JSON_VALUE(attributes, '$.run_id') IN UNNEST(@run_ids)"
                    + " ORDER BY publish_time")
            .addNamedParameter("since", timestamp(since))
            .addNamedParameter(
                "run_ids",
                QueryParameterValue.array(
                    runIds.toArray(String[]::new), StandardSQLTypeName.STRING))
            .setUseLegacySql(false)
            .build());
  }

  /**
   * The report dates from {@code from} to {@code to} that some run has published (publish
   * succeeded, or was superseded by a run that had), in every shard when sharded.
   */
  TreeSet<LocalDate> publishedDates(LocalDate from, LocalDate to) throws InterruptedException {
    QueryJobConfiguration query =
        QueryJobConfiguration.newBuilder(
                "SELECT DISTINCT run_date FROM (SELECT JSON_VALUE(attributes, '$.run_date') AS"
                    + " run_date FROM "
                    + table
                    + " WHERE JSON_VALUE(attributes, '$.stage') = 'publish'"
                    + " AND JSON_VALUE(attributes, '$.event') IN ('succeeded', 'superseded')"
                    + " AND JSON_VALUE(attributes, '$.run_date') BETWEEN @from AND @to"
                    + " AND JSON_VALUE(data, '$.counts.continued') IS NULL"
                    + " AND JSON_VALUE(data, '$.counts.handed_on') IS NULL"
                    + " GROUP BY run_date, JSON_VALUE(attributes, '$.run_id')"
                    + " HAVING COUNT(DISTINCT IFNULL(JSON_VALUE(attributes, '$.shard'), '-'))"
                    + " >= MAX(IFNULL(CAST(JSON_VALUE(data, '$.counts.shards') AS INT64), 1)))")
            .addNamedParameter("from", QueryParameterValue.string(from.toString()))
            .addNamedParameter("to", QueryParameterValue.string(to.toString()))
            .setUseLegacySql(false)
            .build();
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (FieldValueList row : bigquery.query(query).iterateAll()) {
      dates.add(LocalDate.parse(row.get("run_date").getStringValue()));
    }
    return dates;
  }

  private List<RunEvent> events(QueryJobConfiguration query) throws InterruptedException {
    List<RunEvent> events = new ArrayList<>();
    for (FieldValueList row : bigquery.query(query).iterateAll()) {
      events.add(RunEvent.fromJson(row.get("data").getStringValue()));
    }
    return events;
  }

  private static QueryParameterValue timestamp(Instant at) {
    // BigQuery's TIMESTAMP parameter: microseconds since the epoch
    return QueryParameterValue.timestamp(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000);
  }
}

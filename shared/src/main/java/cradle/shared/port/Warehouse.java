package cradle.shared.port;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Runs the analysis SQL of one report date and exports its rows. */
public interface Warehouse {

  /**
   * @param jobId derived from the run, so a duplicate delivery finds the job it already started
   * @param sql BigQuery Standard SQL with named parameters ({@code @run_date})
   * @param table the date-partitioned table whose {@code runDate} partition the rows replace
   * @param parameters by name: {@link LocalDate}, {@link Instant}, {@link String} or {@link Long}
   * @param exportPrefix where the rows go as JSON Lines shards (ends with '/')
   */
  record Request(
      String jobId,
      String sql,
      String table,
      LocalDate runDate,
      Map<String, Object> parameters,
      Map<String, String> labels,
      String exportPrefix) {}

  /** What the analysis produced. */
  record Result(long rows, List<String> shards) {}

  Result analyze(Request request) throws IOException, InterruptedException;
}

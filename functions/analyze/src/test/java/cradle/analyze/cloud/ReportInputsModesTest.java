package cradle.analyze.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import cradle.analyze.AnalysisColumns;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report table and the query that fills it agree on modes. A query job's result columns are
 * NULLABLE, and writing them with WRITE_TRUNCATE into one partition ({@code
 * report_inputs$YYYYMMDD}) keeps the table's schema: a REQUIRED column there fails the job ("Field
 * x has changed mode from REQUIRED to NULLABLE"). Relaxing the table from the job
 * (ALLOW_FIELD_RELAXATION) would change a table Terraform owns, and Terraform would then replace
 * it; so every column is NULLABLE in the schema file and the job asks for no schema update.
 */
class ReportInputsModesTest {

  @Test
  void everyReportInputsColumn_isNullableOrRepeated_asAQueryResultColumnIs() {
    List<String> notNullable = new ArrayList<>();
    for (AnalysisColumns.Column c : AnalysisColumns.declared()) {
      // an ARRAY result column is REPEATED (the 14-day series), never NULLABLE
      if (!c.mode().equals("NULLABLE") && !c.repeated()) {
        notNullable.add(c.name() + " " + c.mode());
      }
    }

    assertEquals(List.of(), notNullable);
  }

  @Test
  void theQueryJob_writesThePartitionWithoutChangingTheTableSchema() {
    BigQueryWarehouse warehouse =
        new BigQueryWarehouse(
            () -> null,
            new BigQuerySettings(
                "my-project", "cradle", "asia-northeast1", 1L << 30, Duration.ofSeconds(300)),
            Clock.systemUTC(),
            ms -> {});
    TableId partition = TableId.of("my-project", "cradle", "report_inputs$20261125");

    QueryJobConfiguration config = warehouse.queryConfig(BigQueryWarehouseTest.REQUEST, partition);

    assertEquals(JobInfo.WriteDisposition.WRITE_TRUNCATE, config.getWriteDisposition());
    assertEquals(partition, config.getDestinationTable());
    assertNull(config.getSchemaUpdateOptions(), "the job must not relax the table's schema");
  }
}

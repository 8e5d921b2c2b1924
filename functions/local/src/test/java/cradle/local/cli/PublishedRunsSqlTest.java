package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import com.google.gson.Gson;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.TableContent;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.toolkit.options.BigQueryLanguageOptions;
import cradle.shared.RunEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * When a run counts as published, as the runs table answers it: the backfill's published dates
 * (RunsTable) and the morning deadline check (terraform/publish_deadline.sql), both run on
 * GoogleSQL's reference engine (ZetaSQL, BigQuery's language) over run events as the functions
 * write them. Sharded, a run is published only when every shard is.
 */
class PublishedRunsSqlTest {
  private static final Gson GSON = new Gson();
  private final List<List<Value>> rows = new ArrayList<>();

  @Test
  void publishedDates_countARunOnlyWhenEveryShardHasPublished() throws Exception {
    Instant at = Instant.parse("2026-12-04T22:00:00Z");
    // the 1st: one instance, published
    event(RunEvent.Kind.SUCCEEDED, "2026-12-01", "r1", null, Map.of("reports", 10), at);
    // the 2nd: four shards, one failed
    handedOnToEachShard("2026-12-02", "r2", 4, at);
    for (int shard : new int[] {0, 1, 3}) {
      event(RunEvent.Kind.SUCCEEDED, "2026-12-02", "r2", shard, Map.of("shards", 4), at);
    }
    event(RunEvent.Kind.FAILED, "2026-12-02", "r2", 2, null, at);
    // the 3rd: two shards, one superseded (a later run had published it), both count
    handedOnToEachShard("2026-12-03", "r3", 2, at);
    event(RunEvent.Kind.SUCCEEDED, "2026-12-03", "r3", 0, Map.of("shards", 2), at);
    event(RunEvent.Kind.SUPERSEDED, "2026-12-03", "r3", 1, Map.of("shards", 2), at);
    // the 4th: one instance, its first segment handed on and nothing since
    event(RunEvent.Kind.SUCCEEDED, "2026-12-04", "r4", null, Map.of("continued", 1), at);

    assertEquals(
        new TreeSet<>(List.of(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03"))),
        publishedDates(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-04")));
  }

  @Test
  void theDeadlineCheck_failsWhileAShardHasNotPublished_andPassesOnceItHas() throws Exception {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    String yesterday = LocalDate.now(tokyo).minusDays(1).toString();
    Instant hourAgo = Instant.now().minusSeconds(3600);
    handedOnToEachShard(yesterday, "r1", 2, hourAgo);
    event(RunEvent.Kind.SUCCEEDED, yesterday, "r1", 0, Map.of("shards", 2), hourAgo);
    event(RunEvent.Kind.FAILED, yesterday, "r1", 1, null, hourAgo);

    RuntimeException none = assertThrows(RuntimeException.class, () -> deadlineCheck(tokyo));
    assertTrue(none.getMessage().contains("no Cradle run of " + yesterday), none.getMessage());

    event(RunEvent.Kind.SUCCEEDED, yesterday, "r1", 1, Map.of("shards", 2), hourAgo);

    assertEquals("published", deadlineCheck(tokyo));
  }

  private void handedOnToEachShard(String date, String runId, int shards, Instant at) {
    event(
        RunEvent.Kind.SUCCEEDED,
        date,
        runId,
        null,
        Map.of("shards", shards, "handed_on", shards),
        at);
  }

  /** One row as the events topic's BigQuery subscription writes it. */
  private void event(
      RunEvent.Kind kind,
      String date,
      String runId,
      Integer shard,
      Map<String, Object> counts,
      Instant at) {
    RunEvent e = new RunEvent(kind, "publish", runId, date, "m", at, 1000L, null, counts, shard);
    rows.add(
        List.of(
            Value.createTimestampValueFromUnixMicros(at.getEpochSecond() * 1_000_000L),
            Value.createStringValue(e.toJson()),
            Value.createStringValue(GSON.toJson(e.attributes()))));
  }

  /** RunsTable's own query (as it sends it to BigQuery), run on the reference engine. */
  private TreeSet<LocalDate> publishedDates(LocalDate from, LocalDate to) throws Exception {
    BigQuery bigquery = mock(BigQuery.class);
    AtomicReference<QueryJobConfiguration> sent = new AtomicReference<>();
    when(bigquery.query(any(QueryJobConfiguration.class)))
        .thenAnswer(
            call -> {
              sent.set(call.getArgument(0));
              return mock(TableResult.class);
            });
    new RunsTable(bigquery, "my-project", "cradle").publishedDates(from, to);
    String sql = sent.get().getQuery().replace("`my-project.cradle.runs`", "runs");
    Map<String, Value> parameters = new LinkedHashMap<>();
    for (var p : sent.get().getNamedParameters().entrySet()) {
      parameters.put(p.getKey(), Value.createStringValue(p.getValue().getValue()));
    }
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (List<Value> row : run(sql, parameters)) {
      dates.add(LocalDate.parse(row.get(0).getStringValue()));
    }
    return dates;
  }

  private String deadlineCheck(ZoneId zone) throws Exception {
    String sql = Files.readString(Path.of("../../terraform/publish_deadline.sql"));
    return run(sql, Map.of("time_zone", Value.createStringValue(zone.getId())))
        .get(0)
        .get(0)
        .getStringValue();
  }

  /**
   * The query's rows. With the Netty 4.2 of this classpath, ZetaSQL's channel to its local service
   * now and then drops a frame (see GoogleSqlReference.TRIES): a transport failure, sent again.
   */
  private List<? extends List<Value>> run(String sql, Map<String, Value> parameters) {
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(sql, parameters);
      } catch (RuntimeException e) {
        if (attempt >= 4 || !String.valueOf(e.getMessage()).contains("end-of-stream mid-frame")) {
          throw e;
        }
      }
    }
  }

  private List<? extends List<Value>> runOnce(String sql, Map<String, Value> parameters) {
    LanguageOptions language = BigQueryLanguageOptions.get();
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    options.setDefaultTimezone("UTC");
    parameters.forEach((name, v) -> options.addQueryParameter(name, v.getType()));
    SimpleCatalog catalog = new SimpleCatalog("cradle");
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
    catalog.addSimpleTable(
        new SimpleTable(
            "runs",
            List.of(
                new SimpleColumn(
                    "runs", "publish_time", TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP)),
                new SimpleColumn(
                    "runs", "data", TypeFactory.createSimpleType(TypeKind.TYPE_STRING)),
                new SimpleColumn(
                    "runs", "attributes", TypeFactory.createSimpleType(TypeKind.TYPE_STRING)))));
    try (PreparedQuery query =
        PreparedQuery.builder()
            .setSql(sql)
            .setAnalyzerOptions(options)
            .setCatalog(catalog)
            .setTablesContents(Map.of("runs", TableContent.create(rows)))
            .prepare()) {
      return query.execute(parameters).getTableData();
    }
  }
}

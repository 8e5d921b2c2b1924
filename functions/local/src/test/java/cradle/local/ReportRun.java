package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisSql;
import cradle.analyze.ReportWindow;
import cradle.await.NotebookErrors;
import cradle.local.generate.Baby;
import cradle.local.generate.DuckDbActivityLog;
import cradle.local.generate.Event;
import cradle.notebook.ParameterInjector;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Warehouse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analysis SQL on DuckDB and then the report notebook in Jupyter, for a hand-built or generated
 * activity log: what a local run does between the activity log and publish.
 */
final class ReportRun {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final long RETENTION_DAYS = 60;

  /** The export's lines (as the notebook reads them) and the reports, keyed "user/baby". */
  record Result(Map<String, String> analysisLines, Map<String, JsonObject> reports) {
    JsonObject analysis(String key) {
      return JsonParser.parseString(analysisLines.get(key)).getAsJsonObject();
    }
  }

  private ReportRun() {}

  /** Loads hand-built babies and events, at the whole seconds they name. */
  static void load(Path db, Path scratch, List<Baby> babies, List<Event> events) throws Exception {
    load(db, scratch, babies, events, false);
  }

  /** As above, with milliseconds on every time when {@code milliseconds}, as the app writes. */
  static void load(
      Path db, Path scratch, List<Baby> babies, List<Event> events, boolean milliseconds)
      throws Exception {
    try (Connection c = DuckDbWarehouse.connect(db);
        var log =
            new DuckDbActivityLog(
                c,
                scratch,
                DuckDbSchemas.createTable("events"),
                DuckDbSchemas.createTable("babies"),
                milliseconds)) {
      for (Baby b : babies) log.baby(b);
      for (Event e : events) log.event(e);
    }
  }

  static Warehouse.Result analyze(Path db, Path exportDir, LocalDate runDate) throws Exception {
    return new DuckDbWarehouse(db)
        .analyze(
            new Warehouse.Request(
                "job",
                AnalysisSql.query(),
                AnalysisSql.REPORT_TABLE,
                runDate,
                ReportWindow.parameters(runDate, TOKYO, RETENTION_DAYS),
                Map.of(),
                FileBlobStore.uri(exportDir) + "/"));
  }

  /** Analyzes {@code db} for {@code runDate} and runs the notebook on the export. */
  static Result run(Path db, Path dir, LocalDate runDate) throws Exception {
    Path export = dir.resolve("analysis");
    Warehouse.Result analyzed = analyze(db, export, runDate);
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FileBlobStore.path(analyzed.shards().get(0)))) {
      JsonObject row = JsonParser.parseString(line).getAsJsonObject();
      lines.put(row.get("user_id").getAsString() + "/" + row.get("baby_id").getAsString(), line);
    }
    assertEquals(analyzed.rows(), lines.size());
    Path report = dir.resolve("report/report.jsonl");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("run_id", "run-1");
    p.put("run_date", runDate.toString());
    p.put("time_zone", TOKYO.getId());
    p.put("input_uri", FileBlobStore.uri(export) + "/");
    p.put("output_uri", FileBlobStore.uri(report));
    NotebookExecutor.Status status = execute(ParameterInjector.inject(template(), p), dir);
    assertEquals(NotebookExecutor.State.SUCCEEDED, status.state(), status.error());
    assertEquals(
        Optional.empty(),
        NotebookErrors.firstError(
            Files.readString(FileBlobStore.path(status.outputNotebookUri()))));
    Map<String, JsonObject> reports = new LinkedHashMap<>();
    for (String line : Files.readAllLines(report)) {
      JsonObject r = JsonParser.parseString(line).getAsJsonObject();
      reports.put(r.get("user_id").getAsString() + "/" + r.get("baby_id").getAsString(), r);
    }
    return new Result(lines, reports);
  }

  /**
   * Runs {@code notebook} through Jupyter as the local profile does: its input in {@code dir}, its
   * output and log under {@code dir/output}.
   */
  static NotebookExecutor.Status execute(String notebook, Path dir) throws Exception {
    Path input = dir.resolve("input.ipynb");
    Files.writeString(input, notebook);
    JupyterExecutor executor = new JupyterExecutor("jupyter");
    NotebookExecutor.Job job =
        new NotebookExecutor.Job(
            "job-1",
            FileBlobStore.uri(input),
            FileBlobStore.uri(dir.resolve("output")) + "/",
            Duration.ofMinutes(5),
            Map.of());
    return executor.status(executor.start(job).name());
  }

  static String template() throws Exception {
    try (InputStream in =
        ReportRun.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static long at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TOKYO).toEpochSecond();
  }

  private static String user(String baby) {
    return baby.split("/")[0];
  }

  private static String babyId(String baby) {
    return baby.split("/")[1];
  }

  static Event sleep(String baby, String from, String to) {
    return new Event(
        "s" + from + baby,
        user(baby),
        babyId(baby),
        "sleep",
        at(from),
        to == null ? 0 : at(to),
        null,
        0,
        null);
  }

  static Event feed(String baby, String when, String method, int ml) {
    return new Event(
        "f" + when + baby,
        user(baby),
        babyId(baby),
        "feed",
        at(when),
        at(when) + 900,
        method,
        ml,
        null);
  }

  static Event diaper(String baby, String when, String kind) {
    return new Event(
        "d" + when + baby, user(baby), babyId(baby), "diaper", at(when), 0, null, 0, kind);
  }
}

package cradle.local.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.FileTopics;
import cradle.local.LineFile;
import cradle.local.LocalPipeline;
import cradle.local.LocalWarehouse;
import cradle.local.LogFileStream;
import cradle.local.Workspace;
import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.config.Env;
import cradle.shared.config.Redactor;
import cradle.shared.config.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** One run of the local pipeline with a short report on the terminal; shared by run and demo. */
final class LocalRun {
  private final Workspace ws;
  private final PrintStream out;

  LocalRun(Workspace ws, PrintStream out) {
    this.ws = ws;
    this.out = out;
  }

  /**
   * @return the process exit code
   */
  int run(LocalDate date, Stage from, String runId) throws Exception {
    return run(date, from, runId, false);
  }

  /**
   * @param force publish even if the shrink guard would refuse
   */
  int run(LocalDate date, Stage from, String runId, boolean force) throws Exception {
    Map<String, String> env = ws.environment(System.getenv());
    Env settings = new Env(env);
    ZoneId zone = settings.zone(Settings.TIME_ZONE, Settings.DEFAULT_TIME_ZONE);
    settings.check();
    if (from == Stage.ANALYZE && !Files.exists(ws.warehouse())) {
      throw new IllegalArgumentException(
          "no activity log at "
              + ws.warehouse()
              + "; create one with ./cradle generate --out "
              + ws.data());
    }
    if (date == null) {
      date =
          LocalWarehouse.latestReportDate(ws.warehouse(), zone)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the activity log in " + ws.warehouse() + " is empty"));
    }
    if (runId == null) {
      runId =
          from == Stage.ANALYZE
              ? RunMessageCodec.deriveRunId(date, UUID.randomUUID().toString())
              : latestRun(date);
    }
    Files.createDirectories(ws.log().getParent());
    ws.installNotebookTemplate();
    LogFileStream logFile = new LogFileStream(new LineFile(ws.log()));
    try (logFile) {
      Log.writeTo(logFile);
      out.printf("run %s for %s (from %s); log: %s%n", runId, date, from.id(), ws.log());
      LocalPipeline pipeline =
          new LocalPipeline(
              env,
              ws.out(),
              Clock.systemUTC(),
              Duration.ofSeconds(2),
              notice -> out.println("  " + notice));
      // a new run starts now; a continued one keeps the start its messages recorded
      Instant startedAt =
          from == Stage.ANALYZE
              ? Clock.systemUTC().instant()
              : new FileTopics(ws.out().resolve("pubsub"), Clock.systemUTC())
                  .startedAt(runId)
                  .orElse(null);
      List<LocalPipeline.StageResult> results =
          pipeline.run(
              RunMessage.start(runId, date, from).withForce(force).withStartedAt(startedAt),
              r ->
                  out.printf(
                      "  %-9s %-6s %6.1f s%s%n",
                      r.stage().id(),
                      !r.ok() ? "FAILED" : r.superseded() != null ? "superseded" : "ok",
                      r.duration().toMillis() / 1000.0,
                      !r.ok()
                          ? "  " + r.error()
                          : r.superseded() != null ? "  " + r.superseded() : ""));
      LocalPipeline.StageResult last = results.get(results.size() - 1);
      if (!last.ok()) {
        out.flush();
        throw new IllegalStateException(
            "run "
                + runId
                + " failed at "
                + last.stage().id()
                + ": "
                + firstLine(last.error())
                + (logFile.problem() == null ? "" : "; " + logFile.problem()));
      }
      String emulator = env.get("FIREBASE_DATABASE_EMULATOR_HOST");
      if (emulator != null && !emulator.isBlank()) {
        out.printf(
            "%nreports for %s written through the Firebase Admin SDK to %s%n",
            date, Redactor.redact(emulator));
      } else {
        summarize(runId, date);
      }
      if (logFile.problem() != null) {
        System.err.println("cradle: ERROR " + logFile.problem());
        return 1;
      }
      return 0;
    } finally {
      Log.writeTo(System.out);
    }
  }

  private void summarize(String runId, LocalDate date) throws IOException {
    JsonObject db;
    try (Reader r = Files.newBufferedReader(ws.database())) {
      db = JsonParser.parseReader(r).getAsJsonObject();
    }
    JsonObject meta = db.getAsJsonObject("reports_meta");
    JsonElement shown = meta == null ? null : meta.get("run_id");
    if (shown == null || !runId.equals(shown.getAsString())) {
      // superseded: the database shows a later run, and this run's reports are only artifacts
      out.printf(
          "%nreports for %s: not published; the database shows %s%n",
          date,
          shown == null
              ? "no run"
              : "run " + shown.getAsString() + " of " + meta.get("run_date").getAsString());
      out.printf(
          "  to roll back to this run: ./cradle run --from-stage publish --date %s --run-id %s"
              + " --force%n",
          date, runId);
    }
    Path run = ws.run(date.toString(), runId);
    // the report of the attempt await confirmed last; publish read it unless the run was
    // published before, when the database keeps the attempt it published then
    Path found =
        ws.runReport(run).orElse(latestNotebookAttempt(run).resolve("report/report.jsonl"));
    Path report = underRun(run, found);
    if (shown != null && runId.equals(shown.getAsString())) {
      Path published =
          meta.has("report")
              ? underRun(
                  run, Path.of(URI.create(meta.get("report").getAsString() + "report.jsonl")))
              : report;
      if (published.toAbsolutePath().normalize().equals(report.toAbsolutePath().normalize())) {
        out.printf(
            "%nreports for %s: %s babies published, %s rejected%n",
            date, meta.get("reports"), meta.get("rejected"));
      } else {
        out.printf(
            "%nreports for %s: this run was published before, from %s; this attempt's reports"
                + " are only artifacts%n",
            date, published);
        out.printf(
            "  to publish them: ./cradle run --from-stage publish --date %s --run-id %s --force%n",
            date, runId);
      }
    }
    out.printf("  database:  %s%n", ws.database());
    out.printf("  analysis:  %s%n", ws.runAnalysis(run));
    // a run made before reports were per attempt keeps its report in report/
    Path attempt =
        report.getParent().getParent().getParent().endsWith("notebook")
            ? report.getParent().getParent()
            : latestNotebookAttempt(run);
    out.printf("  notebook:  %s%n", attempt.resolve("output/output.ipynb"));
    out.printf("  html:      %s%n", attempt.resolve("output/output.html"));
    out.printf("  report:    %s%n", report);
    JsonObject reports = db.getAsJsonObject("reports");
    if (reports != null && !reports.isEmpty()) {
      var user = reports.entrySet().iterator().next();
      var baby = user.getValue().getAsJsonObject().entrySet().iterator().next();
      JsonElement summary = baby.getValue().getAsJsonObject().get("summary");
      out.printf("%nreports/%s/%s:%n", user.getKey(), baby.getKey());
      if (summary != null) {
        out.printf(
            "  en: %s%n  ja: %s%n",
            summary.getAsJsonObject().get("en").getAsString(),
            summary.getAsJsonObject().get("ja").getAsString());
      }
    }
  }

  /** The notebook attempt that ran last; earlier attempts stay beside it. */
  static Path latestNotebookAttempt(Path run) throws IOException {
    try (Stream<Path> attempts = Files.list(run.resolve("notebook"))) {
      return attempts
          .filter(p -> Files.exists(p.resolve("output/execution.json")))
          .max(Comparator.comparing(p -> modified(p.resolve("output/execution.json"))))
          .orElse(run.resolve("notebook"));
    }
  }

  private String latestRun(LocalDate date) throws IOException {
    Path dir = ws.bucket().resolve("runs").resolve(date.toString());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "no earlier run of " + date + " to continue; start from analyze");
    }
    try (Stream<Path> runs = Files.list(dir)) {
      return runs.max(Comparator.comparing(LocalRun::modified))
          .map(p -> p.getFileName().toString())
          .orElseThrow(() -> new IllegalArgumentException("no earlier run of " + date));
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " (more in the log)";
  }

  /** {@code path} shown as the other paths are: under the workspace as it was given. */
  private static Path underRun(Path run, Path path) {
    return run.resolve(
        run.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()));
  }
}

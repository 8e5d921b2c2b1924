package cradle.local;

import cradle.shared.CompletedAnalyses;
import cradle.shared.ConfirmedReports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The directories of a local run and the environment its functions read, the local twin of what
 * Terraform sets on the deployed functions:
 *
 * <pre>
 * DATA/warehouse.duckdb      the activity log (events, babies) and the report_inputs table
 * OUT/gcs/cradle-artifacts/  the artifacts bucket (notebook template, runs/DATE/RUN_ID/...)
 * OUT/pubsub/STAGE/          one topic per stage; delivered messages move to delivered/
 * OUT/database.json          the Realtime Database, as an export
 * OUT/logs/cradle.jsonl      the functions' structured log
 * </pre>
 */
public record Workspace(Path data, Path out) {
  public static final String TEMPLATE = "notebooks/cradle_report.ipynb";

  public Path warehouse() {
    return data.resolve("warehouse.duckdb");
  }

  public Path bucket() {
    return out.resolve("gcs").resolve("cradle-artifacts");
  }

  public Path database() {
    return out.resolve("database.json");
  }

  public Path log() {
    return out.resolve("logs").resolve("cradle.jsonl");
  }

  /** The functions' environment: these paths, over any CRADLE_* or Firebase variables given. */
  public Map<String, String> environment(Map<String, String> inherited) {
    Map<String, String> env = new HashMap<>();
    inherited.forEach(
        (k, v) -> {
          if (k.startsWith("CRADLE_") || k.startsWith("FIREBASE_")) {
            env.put(k, v);
          }
        });
    env.put("CRADLE_PROFILE", "local");
    // the local database is no shared Realtime Database: nothing to pace for
    env.putIfAbsent("CRADLE_PUBLISH_BYTES_PER_MINUTE", "unpaced");
    // and database.json is rewritten whole on every write: few large writes, not the cloud's
    // many small ones
    env.putIfAbsent("CRADLE_PUBLISH_CHUNK_BYTES", String.valueOf(8 << 20));
    env.put(LocalProfile.LOCAL_DIR, out.toAbsolutePath().toString());
    env.put(LocalProfile.DUCKDB_PATH, warehouse().toAbsolutePath().toString());
    env.put("CRADLE_ARTIFACTS_URI", FileBlobStore.uri(bucket()));
    return env;
  }

  /** The folder of one run's artifacts. */
  public Path run(String runDate, String runId) {
    return bucket().resolve("runs").resolve(runDate).resolve(runId);
  }

  /**
   * The folder of a run's analysis rows: its attempt at analyze that completed last ({@link
   * CompletedAnalyses}), or, in a run made before each attempt kept its own rows, {@code
   * analysis/}; under {@code run} as given.
   */
  public Path runAnalysis(Path run) throws IOException {
    String runUri = FileBlobStore.uri(run);
    Path absolute = run.toAbsolutePath().normalize();
    return CompletedAnalyses.latest(
            new FileBlobStore(bucket()), runUri.endsWith("/") ? runUri : runUri + "/")
        .map(c -> run.resolve(absolute.relativize(FileBlobStore.path(c.analysis()))))
        .orElse(run.resolve("analysis"));
  }

  /**
   * The report.jsonl of a run: its attempt that await confirmed last ({@link ConfirmedReports}),
   * or, in a run made before each attempt kept its own report, {@code report/report.jsonl}.
   */
  public Optional<Path> runReport(Path run) throws IOException {
    String runUri = FileBlobStore.uri(run);
    Optional<Path> confirmed =
        ConfirmedReports.latest(
                new FileBlobStore(bucket()), runUri.endsWith("/") ? runUri : runUri + "/")
            .map(c -> FileBlobStore.path(c.report() + "report.jsonl"));
    if (confirmed.isPresent()) {
      return confirmed;
    }
    Path legacy = run.resolve("report").resolve("report.jsonl");
    return Files.isRegularFile(legacy) ? Optional.of(legacy) : Optional.empty();
  }

  /** Puts the bundled notebook template in the bucket, as {@code terraform apply} does. */
  public void installNotebookTemplate() throws IOException {
    Path target = bucket().resolve(TEMPLATE);
    Files.createDirectories(target.getParent());
    try (InputStream in =
        Workspace.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw LocalFiles.naming(target, e);
    }
  }
}

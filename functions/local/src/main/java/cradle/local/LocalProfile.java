package cradle.local;

import cradle.publish.FirebaseReportSink;
import cradle.publish.JsonFileDatabase;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.port.RunEvents;
import cradle.shared.port.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code CRADLE_PROFILE=local}: DuckDB for the warehouse, Jupyter for the notebook, a file tree for
 * Cloud Storage and Pub/Sub, and a JSON file for the database (or the Admin SDK when {@code
 * FIREBASE_DATABASE_EMULATOR_HOST} is set).
 */
public final class LocalProfile implements Profile {
  public static final String LOCAL_DIR = "CRADLE_LOCAL_DIR";
  public static final String DUCKDB_PATH = "CRADLE_DUCKDB_PATH";
  public static final String JUPYTER = "CRADLE_JUPYTER";
  public static final String EMULATOR_HOST = "FIREBASE_DATABASE_EMULATOR_HOST";
  public static final String DATABASE_NAMESPACE = "CRADLE_DATABASE_NAMESPACE";
  public static final String DATABASE_CONNECT_TIMEOUT_SECONDS =
      "CRADLE_DATABASE_CONNECT_TIMEOUT_SECONDS";
  public static final String DATABASE_REQUEST_TIMEOUT_SECONDS =
      "CRADLE_DATABASE_REQUEST_TIMEOUT_SECONDS";

  /**
   * How many database files the reports are sharded over: {@code database.json} is shard 0, {@code
   * database-shard-I.json} shard I (docs/sharding.md).
   */
  public static final String DATABASE_SHARDS = "CRADLE_DATABASE_SHARDS";

  private static final Pattern HOST_AND_PORT = Pattern.compile("[A-Za-z0-9.-]+:[0-9]{1,5}");

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Set<Class<?>> provides() {
    return Set.of(
        BlobStore.class, Warehouse.class, NotebookExecutor.class, ReportSink.class, HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
    String localDir = env.required(LOCAL_DIR);
    if (settings.artifactsUri() != null && !settings.artifactsUri().startsWith("file:")) {
      env.problem(Settings.ARTIFACTS_URI + " must be a file:// URI in the local profile");
    }
    String duckdb = ports.contains(Warehouse.class) ? env.required(DUCKDB_PATH) : null;
    String jupyter = env.optional(JUPYTER, "jupyter");
    String emulatorHost = env.optional(EMULATOR_HOST, null);
    if (emulatorHost != null && !HOST_AND_PORT.matcher(emulatorHost).matches()) {
      env.problem(EMULATOR_HOST + "=" + Env.shown(emulatorHost) + " is not HOST:PORT");
    }
    String namespace = env.optional(DATABASE_NAMESPACE, "cradle");
    long shardsSet = env.positiveLong(DATABASE_SHARDS, 1);
    if (shardsSet > 64) {
      env.problem(DATABASE_SHARDS + "=" + shardsSet + " is more than 64 database files");
    }
    int shards = (int) Math.min(shardsSet, 64);
    if (shards > 1 && emulatorHost != null) {
      env.problem(
          DATABASE_SHARDS
              + "="
              + shards
              + " is for database files; with "
              + EMULATOR_HOST
              + " the reports go to one emulator");
    }
    Duration connectTimeout =
        emulatorHost == null
            ? null
            : Duration.ofSeconds(env.positiveLong(DATABASE_CONNECT_TIMEOUT_SECONDS, 5));
    Duration requestTimeout =
        emulatorHost == null
            ? null
            : Duration.ofSeconds(env.positiveLong(DATABASE_REQUEST_TIMEOUT_SECONDS, 60));
    if (localDir == null
        || settings.artifactsUri() == null
        || !settings.artifactsUri().startsWith("file:")) {
      return null; // the problems are reported
    }
    Path dir = Path.of(localDir);
    Path bucket = FileBlobStore.path(settings.artifactsUri());
    return new Adapters() {
      private final BlobStore blobs = new FileBlobStore(bucket);
      private final HandOff handOff = new FileTopics(dir.resolve("pubsub"), Clock.systemUTC());
      private final RunEvents events = new FileRunEvents(dir.resolve("events.jsonl"));
      private ReportSink sink;
      private final ReportSink[] files = new ReportSink[shards];

      @Override
      public BlobStore blobs() {
        return blobs;
      }

      @Override
      public Warehouse warehouse() {
        return new DuckDbWarehouse(Path.of(duckdb));
      }

      @Override
      public NotebookExecutor notebooks() {
        return new JupyterExecutor(jupyter);
      }

      @Override
      public synchronized ReportSink reportSink() {
        if (sink == null) {
          sink =
              emulatorHost == null
                  ? new JsonFileDatabase(databaseFile(dir, 0))
                  : new ReachableDatabase(
                      emulatorHost,
                      connectTimeout,
                      new FirebaseReportSink(
                          FirebaseReportSink.emulatorUrl(emulatorHost, namespace),
                          true,
                          requestTimeout));
        }
        return sink;
      }

      @Override
      public int reportShards() {
        return shards;
      }

      @Override
      public synchronized ReportSink reportSink(int shard) {
        if (shard == 0) {
          return reportSink();
        }
        if (files[shard] == null) {
          files[shard] = new JsonFileDatabase(databaseFile(dir, shard));
        }
        return files[shard];
      }

      @Override
      public HandOff handOff() {
        return handOff;
      }

      @Override
      public RunEvents events() {
        return events;
      }

      /** {@code ./cradle run} from the stage, in the same output directory (and data, if read). */
      @Override
      public String replayCommand(RunMessage run, Stage stage) {
        return "./cradle run --out "
            + dir
            + (duckdb == null ? "" : " --data " + Path.of(duckdb).getParent())
            + " --date "
            + run.runDate()
            + " --from-stage "
            + stage.id()
            + " --run-id "
            + run.runId();
      }
    };
  }

  /** The file of shard {@code shard}'s database under the local directory. */
  public static Path databaseFile(Path dir, int shard) {
    return dir.resolve(shard == 0 ? "database.json" : "database-shard-" + shard + ".json");
  }
}

package cradle.shared.port;

import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import java.util.Set;
import java.util.function.Function;

/**
 * The adapters behind the ports, for one profile ({@code local} or {@code cloud}). Found with
 * {@link java.util.ServiceLoader}, so each deployable jar holds only the adapters it ships and the
 * entry points are the same in every profile. Implementations read and validate their settings when
 * created, and create clients lazily, once per instance.
 */
public interface Profile {
  /** The value of {@code CRADLE_PROFILE} this profile answers to. */
  String name();

  /**
   * The ports this profile can supply. A function's jar may hold several profiles of one name (the
   * await function's holds the notebook function's); the first that supplies every port the stage
   * uses is taken.
   */
  Set<Class<?>> provides();

  /**
   * Reads the settings of the adapters for {@code ports} (and only those) from {@code env};
   * problems go to {@code env}.
   */
  Adapters create(Settings settings, Env env, Set<Class<?>> ports);

  /**
   * A profile that is not on the classpath but handed to a function (tests, benchmarks): {@code
   * create} makes its adapters from the environment when the function starts.
   */
  static Profile of(String name, Set<Class<?>> provides, Function<Env, Adapters> create) {
    return new Profile() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Class<?>> provides() {
        return provides;
      }

      @Override
      public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
        return create.apply(env);
      }
    };
  }

  /** The ports; a profile may not supply a port that its functions never use. */
  interface Adapters {
    default BlobStore blobs() {
      throw new UnsupportedOperationException("this profile has no blob store");
    }

    default Warehouse warehouse() {
      throw new UnsupportedOperationException("this profile has no warehouse");
    }

    default NotebookExecutor notebooks() {
      throw new UnsupportedOperationException("this profile has no notebook executor");
    }

    default ReportSink reportSink() {
      throw new UnsupportedOperationException("this profile has no report sink");
    }

    /** How many database instances the reports are sharded over (docs/sharding.md). */
    default int reportShards() {
      return 1;
    }

    /** The database instance of shard {@code shard}; shard 0 is {@link #reportSink()}. */
    default ReportSink reportSink(int shard) {
      if (shard != 0) {
        throw new UnsupportedOperationException(
            "this profile has one database, not shard " + shard);
      }
      return reportSink();
    }

    HandOff handOff();

    /**
     * The command an operator runs to run {@code stage} of {@code run} again in this profile, for
     * the failure log line and the alert; null when the profile has none.
     */
    default String replayCommand(cradle.shared.RunMessage run, cradle.shared.Stage stage) {
      return null;
    }

    /** Where run events go; none unless the profile says. */
    default RunEvents events() {
      return RunEvents.NONE;
    }
  }
}

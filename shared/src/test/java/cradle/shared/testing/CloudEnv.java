package cradle.shared.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment a function gets in the cloud profile, for tests: the settings every stage needs,
 * plus what one stage adds. One fixture instead of a map copied into each stage's tests.
 */
public final class CloudEnv {
  public static final String PROJECT = "my-project";
  public static final String ARTIFACTS_URI = "gs://cradle-runs";
  public static final String NOTEBOOK_SERVICE_ACCOUNT =
      "cradle-notebook@my-project.iam.gserviceaccount.com";
  public static final String DATABASE_URL = "https://my-project-default-rtdb.firebaseio.com";

  private CloudEnv() {}

  /** What every stage needs: the cloud profile, the artifacts bucket, the project. */
  public static Map<String, String> base() {
    return Map.of(
        "CRADLE_PROFILE",
        "cloud",
        "CRADLE_ARTIFACTS_URI",
        ARTIFACTS_URI,
        "CRADLE_PROJECT",
        PROJECT);
  }

  /** {@link #base()} and the given variable/value pairs. */
  public static Map<String, String> with(String... variablesAndValues) {
    if (variablesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("variables and values come in pairs");
    }
    Map<String, String> env = new HashMap<>(base());
    for (int i = 0; i < variablesAndValues.length; i += 2) {
      env.put(variablesAndValues[i], variablesAndValues[i + 1]);
    }
    return Map.copyOf(env);
  }

  /** What the notebook and await stages need besides {@link #base()}. */
  public static Map<String, String> notebookStages(String... more) {
    return with(concat("CRADLE_NOTEBOOK_SERVICE_ACCOUNT", NOTEBOOK_SERVICE_ACCOUNT, more));
  }

  /** Every stage's required settings at once: any deployable jar starts with these. */
  public static Map<String, String> everyStage() {
    return notebookStages("CRADLE_DATABASE_URL", DATABASE_URL);
  }

  private static String[] concat(String variable, String value, String... more) {
    String[] all = new String[more.length + 2];
    all[0] = variable;
    all[1] = value;
    System.arraycopy(more, 0, all, 2, more.length);
    return all;
  }
}

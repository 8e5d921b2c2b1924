package cradle.shared.cloud;

import cradle.shared.Stage;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import java.util.regex.Pattern;

/**
 * What every function of the cloud profile needs: the project and how its topics are named ({@code
 * <prefix>-<stage>}, e.g. {@code cradle-notebook}; Terraform creates them).
 */
public record CloudSettings(String project, String topicPrefix) {
  public static final String PROJECT = "CRADLE_PROJECT";
  public static final String TOPIC_PREFIX = "CRADLE_TOPIC_PREFIX";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  public static CloudSettings read(Env env, Settings settings) {
    if (settings.artifactsUri() != null && !settings.artifactsUri().startsWith("gs://")) {
      env.problem(Settings.ARTIFACTS_URI + " must be a gs:// URI in the cloud profile");
    }
    String project = env.required(PROJECT);
    if (project != null && !PROJECT_ID.matcher(project).matches()) {
      env.problem(PROJECT + "=" + Env.shown(project) + " is not a Google Cloud project id");
    }
    String prefix = env.optional(TOPIC_PREFIX, "cradle");
    if (!NAME.matcher(prefix).matches()) {
      env.problem(
          TOPIC_PREFIX + "=" + Env.shown(prefix) + " must be lower-case letters, digits and '-'");
    }
    return new CloudSettings(project, prefix);
  }

  /** The topic that asks {@code stage} to run. */
  public String topic(Stage stage) {
    return topicPrefix + "-" + stage.id();
  }
}

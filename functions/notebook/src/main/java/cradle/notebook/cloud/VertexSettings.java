package cradle.notebook.cloud;

import cradle.shared.config.Env;

/**
 * Where and how notebook jobs run on Vertex AI.
 *
 * @param runtimeTemplate a notebook runtime template resource name; when absent the job gets a
 *     custom environment of {@code machineType}
 */
public record VertexSettings(
    String project,
    String region,
    String serviceAccount,
    String runtimeTemplate,
    String machineType) {
  public static final String REGION = "CRADLE_REGION";
  public static final String SERVICE_ACCOUNT = "CRADLE_NOTEBOOK_SERVICE_ACCOUNT";
  public static final String RUNTIME_TEMPLATE = "CRADLE_NOTEBOOK_RUNTIME_TEMPLATE";
  public static final String MACHINE_TYPE = "CRADLE_NOTEBOOK_MACHINE_TYPE";

  static VertexSettings read(Env env, String project) {
    String region = env.optional(REGION, "asia-northeast1");
    String account = env.requiredEmail(SERVICE_ACCOUNT);
    if (account != null && !account.matches("[^@\\s]+@[^@\\s]+\\.iam\\.gserviceaccount\\.com")) {
      env.problem(SERVICE_ACCOUNT + "=" + Env.shown(account) + " is not a service account e-mail");
    }
    String template = env.optional(RUNTIME_TEMPLATE, null);
    if (template != null
        && !template.matches("projects/[^/]+/locations/[^/]+/notebookRuntimeTemplates/[^/]+")) {
      env.problem(
          RUNTIME_TEMPLATE
              + "="
              + Env.shown(template)
              + " must be projects/P/locations/L/notebookRuntimeTemplates/T");
    }
    return new VertexSettings(
        project, region, account, template, env.optional(MACHINE_TYPE, "e2-standard-4"));
  }

  public String endpoint() {
    return region + "-aiplatform.googleapis.com:443";
  }
}

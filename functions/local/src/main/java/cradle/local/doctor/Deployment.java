package cradle.local.doctor;

import java.util.List;
import java.util.Map;

/**
 * What terraform/ deploys, as the doctor expects to find it (a test holds these to terraform/).
 *
 * @param prefix terraform's name_prefix
 */
public record Deployment(String project, String region, String prefix) {

  /** The APIs terraform/apis.tf enables, read from the file itself (the build packs it). */
  public static final List<String> APIS = TerraformApis.enabled();

  /**
   * iam.tf's custom role for publish (data read/write, no instance admin), with PROJECT and PREFIX
   * standing for the project id and the name prefix with '-' as '_'.
   */
  public static final String PUBLISH_DATABASE_ROLE =
      "projects/PROJECT/roles/PREFIX_publish_database";

  /** Each service account (by account id suffix) and the project roles iam.tf grants it. */
  public static final Map<String, List<String>> PROJECT_ROLES =
      Map.of(
          "analyze", List.of("roles/bigquery.jobUser"),
          "notebook", List.of("roles/aiplatform.colabEnterpriseUser"),
          "await", List.of("roles/aiplatform.viewer"),
          "publish", List.of(Deployment.PUBLISH_DATABASE_ROLE),
          "trigger", List.of("roles/eventarc.eventReceiver"),
          "notebook-job", List.of("roles/logging.logWriter"),
          "deadline", List.of("roles/bigquery.jobUser"),
          "build",
              List.of(
                  "roles/logging.logWriter",
                  "roles/artifactregistry.writer",
                  "roles/storage.objectAdmin"),
          "runs-writer", List.of());

  /** The order the doctor reports them in. */
  static final List<String> ACCOUNTS =
      List.of(
          "analyze",
          "notebook",
          "await",
          "publish",
          "trigger",
          "notebook-job",
          "deadline",
          "build",
          "runs-writer");

  /**
   * A Google-managed service agent: {@code service-NUMBER@DOMAIN} holding {@code role} on the
   * project once it exists.
   */
  public record ServiceAgent(String service, String domain, String role) {
    String email(String projectNumber) {
      return "service-" + projectNumber + "@" + domain;
    }
  }

  /** Mints the runs writer's tokens for the run-events subscription (pubsub.tf). */
  static final ServiceAgent PUBSUB_AGENT =
      new ServiceAgent(
          "pubsub.googleapis.com",
          "gcp-sa-pubsub.iam.gserviceaccount.com",
          "roles/pubsub.serviceAgent");

  /** The service agents apis.tf makes with google_project_service_identity, in report order. */
  public static final List<ServiceAgent> SERVICE_AGENTS =
      List.of(
          new ServiceAgent(
              "eventarc.googleapis.com",
              "gcp-sa-eventarc.iam.gserviceaccount.com",
              "roles/eventarc.serviceAgent"),
          PUBSUB_AGENT);

  /** functions.tf: every function's timeout and ingress (Cloud Run calls the latter internal). */
  public static final int FUNCTION_TIMEOUT_SECONDS = 540;

  public static final String FUNCTION_INGRESS = "ALLOW_INTERNAL_ONLY";
  static final String RUN_INGRESS = "internal";

  /** The functions, one per stage, named PREFIX-STAGE (functions.tf). */
  static final List<String> STAGES = List.of("analyze", "notebook", "await", "publish");

  /** The tables analyze may touch and the role iam.tf grants it on each (and none other). */
  public static final Map<String, String> ANALYZE_TABLE_ROLES =
      Map.of(
          "events", "roles/bigquery.dataViewer",
          "babies", "roles/bigquery.dataViewer",
          "report_inputs", "roles/bigquery.dataEditor");

  static final List<String> ANALYZE_TABLES = List.of("events", "babies", "report_inputs");

  static final String TEMPLATE_OBJECT = "notebooks/cradle_report.ipynb";

  /** The project roles iam.tf grants {@code account}, as this project's policy names them. */
  List<String> projectRoles(String account) {
    return PROJECT_ROLES.get(account).stream()
        .map(r -> r.replace("PROJECT", project).replace("PREFIX", prefix.replace('-', '_')))
        .toList();
  }

  /** The dataset bigquery.tf names after the prefix. */
  String dataset() {
    return prefix.replace('-', '_');
  }

  String email(String account) {
    return prefix + "-" + account + "@" + project + ".iam.gserviceaccount.com";
  }

  String function(String stage) {
    return "projects/" + project + "/locations/" + region + "/functions/" + prefix + "-" + stage;
  }

  String artifactsBucket() {
    return project + "-" + prefix + "-artifacts";
  }
}

package cradle.local.doctor;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The REST answers of a correct fresh project: {@code terraform apply} done on a new project
 * (my-cradle, number 123456789012) in an organization without constraints, the reports instance's
 * rules deployed. The bodies have the shapes of Google's REST references (Service Usage v1, Compute
 * v1, Org Policy v2, Resource Manager v1, IAM v1, BigQuery v2, Cloud Functions v2, Eventarc v1,
 * Pub/Sub v1, Cloud Storage JSON v1, Realtime Database REST), trimmed to the fields that matter.
 */
public final class FreshProject {
  static final String P = "my-cradle";
  static final String NUMBER = "123456789012";
  static final String REGION = "asia-northeast1";
  public static final String DB =
      "https://my-cradle-cradle-reports.asia-southeast1.firebasedatabase.app";
  static final String RULES =
      "{\"rules\":{\".read\":false,\".write\":false,\"reports\":{\"$uid\":{\".read\":\"auth !="
          + " null && auth.uid === $uid\"}}}}";

  static final String SERVICES =
      "GET https://serviceusage.googleapis.com/v1/projects/my-cradle/services"
          + "?filter=state:ENABLED&pageSize=200";
  static final String SERVICES_PAGE_2 = SERVICES + "&pageToken=page%2B2";
  static final String NETWORK =
      "GET https://compute.googleapis.com/compute/v1/projects/my-cradle/global/networks/default";
  static final String POLICY =
      "POST https://cloudresourcemanager.googleapis.com/v1/projects/my-cradle:getIamPolicy"
          + " {\"options\":{\"requestedPolicyVersion\":3}}";
  static final String PROJECT =
      "GET https://cloudresourcemanager.googleapis.com/v1/projects/my-cradle";
  static final String TEMPLATE =
      "GET https://storage.googleapis.com/storage/v1/b/my-cradle-cradle-artifacts/o/"
          + "notebooks%2Fcradle_report.ipynb";
  static final String ACT_AS = saPolicy("notebook-job");
  static final String RUNS_WRITER = saPolicy("runs-writer");
  static final String DB_SHALLOW = "GET " + DB + "/.json?shallow=true";
  static final String DB_RULES = "GET " + DB + "/.settings/rules.json";

  static String orgPolicy(String constraint) {
    return "GET https://orgpolicy.googleapis.com/v2/projects/my-cradle/policies/"
        + constraint
        + ":getEffectivePolicy";
  }

  static String effective(String constraint, String rules) {
    return "{\"name\":\"projects/123456789012/policies/"
        + constraint
        + "\",\"spec\":{\"rules\":"
        + rules
        + "}}";
  }

  static String account(String a) {
    return "GET https://iam.googleapis.com/v1/projects/my-cradle/serviceAccounts/cradle-"
        + a
        + "@my-cradle.iam.gserviceaccount.com";
  }

  static String saPolicy(String a) {
    return "POST https://iam.googleapis.com/v1/projects/my-cradle/serviceAccounts/cradle-"
        + a
        + "@my-cradle.iam.gserviceaccount.com:getIamPolicy {}";
  }

  static String table(String t) {
    return "POST https://bigquery.googleapis.com/bigquery/v2/projects/my-cradle/datasets/cradle/"
        + "tables/"
        + t
        + ":getIamPolicy {}";
  }

  static String function(String stage) {
    return "GET https://cloudfunctions.googleapis.com/v2/projects/my-cradle/locations/"
        + "asia-northeast1/functions/cradle-"
        + stage;
  }

  static String trigger(String stage) {
    return "GET https://eventarc.googleapis.com/v1/projects/my-cradle/locations/asia-northeast1/"
        + "triggers/cradle-"
        + stage
        + "-"
        + TRIGGER_IDS.get(STAGES.indexOf(stage));
  }

  static String subscriptionId(String stage) {
    return "eventarc-asia-northeast1-cradle-"
        + stage
        + "-"
        + TRIGGER_IDS.get(STAGES.indexOf(stage))
        + "-sub-"
        + (100 + STAGES.indexOf(stage));
  }

  static String subscription(String stage) {
    return "GET https://pubsub.googleapis.com/v1/projects/my-cradle/subscriptions/"
        + subscriptionId(stage);
  }

  static final List<String> STAGES = List.of("analyze", "notebook", "await", "publish");
  private static final List<String> TRIGGER_IDS = List.of("014391", "220847", "591203", "773016");

  /** The APIs enabled: apis.tf's sixteen and what every new project has. */
  private static final List<String> ENABLED_PAGE_1 =
      List.of(
          "aiplatform.googleapis.com",
          "analyticshub.googleapis.com",
          "artifactregistry.googleapis.com",
          "bigquery.googleapis.com",
          "bigqueryconnection.googleapis.com",
          "bigquerystorage.googleapis.com",
          "cloudbuild.googleapis.com",
          "cloudfunctions.googleapis.com",
          "cloudscheduler.googleapis.com",
          "compute.googleapis.com",
          "containerregistry.googleapis.com",
          "dataform.googleapis.com");

  private static final List<String> ENABLED_PAGE_2 =
      List.of(
          "eventarc.googleapis.com",
          "firebasedatabase.googleapis.com",
          "iam.googleapis.com",
          "iamcredentials.googleapis.com",
          "logging.googleapis.com",
          "monitoring.googleapis.com",
          "orgpolicy.googleapis.com",
          "cloudresourcemanager.googleapis.com",
          "pubsub.googleapis.com",
          "run.googleapis.com",
          "serviceusage.googleapis.com",
          "storage.googleapis.com",
          "storage-api.googleapis.com");

  static String services(List<String> names, String nextPageToken) {
    return names.stream()
        .map(
            n ->
                "{\"name\":\"projects/123456789012/services/"
                    + n
                    + "\",\"parent\":\"projects/123456789012\",\"config\":{\"name\":\""
                    + n
                    + "\"},\"state\":\"ENABLED\"}")
        .collect(
            Collectors.joining(
                ",",
                "{\"services\":[",
                "]"
                    + (nextPageToken == null ? "" : ",\"nextPageToken\":\"" + nextPageToken + "\"")
                    + "}"));
  }

  static String binding(String role, String... members) {
    return "{\"role\":\""
        + role
        + "\",\"members\":["
        + List.of(members).stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","))
        + "]}";
  }

  static String sa(String a) {
    return "serviceAccount:cradle-" + a + "@my-cradle.iam.gserviceaccount.com";
  }

  static final String EVENTARC_AGENT =
      "serviceAccount:service-123456789012@gcp-sa-eventarc.iam.gserviceaccount.com";
  static final String PUBSUB_AGENT =
      "serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com";

  /**
   * The project's IAM policy: iam.tf's grants, the agents' roles and what a project starts with.
   */
  static String projectPolicy(List<String> leaveOut) {
    List<String> bindings =
        List.of(
            binding("roles/owner", "user:operator@example.com"),
            binding(
                "roles/editor",
                "serviceAccount:123456789012-compute@developer.gserviceaccount.com"),
            binding("roles/bigquery.jobUser", sa("analyze"), sa("deadline")),
            binding("roles/aiplatform.colabEnterpriseUser", sa("notebook")),
            binding("roles/aiplatform.viewer", sa("await")),
            binding("projects/my-cradle/roles/cradle_publish_database", sa("publish")),
            binding("roles/eventarc.eventReceiver", sa("trigger")),
            binding("roles/logging.logWriter", sa("notebook-job"), sa("build")),
            binding("roles/artifactregistry.writer", sa("build")),
            binding("roles/storage.objectAdmin", sa("build")),
            binding("roles/eventarc.serviceAgent", EVENTARC_AGENT),
            binding("roles/pubsub.serviceAgent", PUBSUB_AGENT),
            binding(
                "roles/cloudfunctions.serviceAgent",
                "serviceAccount:service-123456789012@gcf-admin-robot.iam.gserviceaccount.com"));
    return "{\"version\":1,\"etag\":\"BwYl3bQxv5s=\",\"bindings\":["
        + bindings.stream()
            .filter(b -> leaveOut.stream().noneMatch(b::contains))
            .collect(Collectors.joining(","))
        + "]}";
  }

  static String functionBody(String stage, int timeout) {
    return """
        {"name":"projects/my-cradle/locations/asia-northeast1/functions/cradle-%1$s",
         "environment":"GEN_2","state":"ACTIVE",
         "buildConfig":{"runtime":"java17","entryPoint":"cradle.%1$s.Function"},
         "serviceConfig":{"service":"projects/my-cradle/locations/asia-northeast1/services/cradle-%1$s",
           "timeoutSeconds":%2$d,"availableMemory":"1Gi","maxInstanceCount":3,
           "ingressSettings":"ALLOW_INTERNAL_ONLY",
           "serviceAccountEmail":"cradle-%1$s@my-cradle.iam.gserviceaccount.com"},
         "eventTrigger":{"trigger":"projects/my-cradle/locations/asia-northeast1/triggers/cradle-%1$s-%3$s",
           "triggerRegion":"asia-northeast1",
           "eventType":"google.cloud.pubsub.topic.v1.messagePublished",
           "pubsubTopic":"projects/my-cradle/topics/cradle-%1$s",
           "serviceAccountEmail":"cradle-trigger@my-cradle.iam.gserviceaccount.com",
           "retryPolicy":"RETRY_POLICY_RETRY"}}"""
        .formatted(stage, timeout, TRIGGER_IDS.get(STAGES.indexOf(stage)));
  }

  static String triggerBody(String stage) {
    return """
        {"name":"projects/my-cradle/locations/asia-northeast1/triggers/cradle-%1$s-%2$s",
         "eventFilters":[{"attribute":"type","value":"google.cloud.pubsub.topic.v1.messagePublished"}],
         "serviceAccount":"cradle-trigger@my-cradle.iam.gserviceaccount.com",
         "destination":{"cloudRun":{"service":"cradle-%1$s","region":"asia-northeast1"}},
         "transport":{"pubsub":{"topic":"projects/my-cradle/topics/cradle-%1$s",
           "subscription":"projects/my-cradle/subscriptions/%3$s"}}}"""
        .formatted(stage, TRIGGER_IDS.get(STAGES.indexOf(stage)), subscriptionId(stage));
  }

  static String subscriptionBody(String stage, int ackDeadline) {
    return """
        {"name":"projects/my-cradle/subscriptions/%1$s",
         "topic":"projects/my-cradle/topics/cradle-%2$s",
         "pushConfig":{"pushEndpoint":"https://cradle-%2$s-x2bq5fzqla-an.a.run.app?__GCP_CloudEventsMode=CUSTOM_PUBSUB_projects%%2Fmy-cradle%%2Ftopics%%2Fcradle-%2$s",
           "oidcToken":{"serviceAccountEmail":"cradle-trigger@my-cradle.iam.gserviceaccount.com"}},
         "ackDeadlineSeconds":%3$d,"messageRetentionDuration":"86400s",
         "retryPolicy":{"minimumBackoff":"10s","maximumBackoff":"600s"},
         "labels":{"goog-eventarc":""},"state":"ACTIVE"}"""
        .formatted(subscriptionId(stage), stage, ackDeadline);
  }

  /** A double of the correct fresh project. */
  public static GoogleProjectDouble start() throws IOException {
    GoogleProjectDouble p =
        new GoogleProjectDouble()
            .on(SERVICES, 200, services(ENABLED_PAGE_1, "page+2"))
            .on(SERVICES_PAGE_2, 200, services(ENABLED_PAGE_2, null))
            .on(
                NETWORK,
                200,
                """
                {"kind":"compute#network","name":"default","autoCreateSubnetworks":true,
                 "selfLink":"https://www.googleapis.com/compute/v1/projects/my-cradle/global/networks/default",
                 "subnetworks":[
                  "https://www.googleapis.com/compute/v1/projects/my-cradle/regions/us-central1/subnetworks/default",
                  "https://www.googleapis.com/compute/v1/projects/my-cradle/regions/asia-northeast1/subnetworks/default",
                  "https://www.googleapis.com/compute/v1/projects/my-cradle/regions/europe-west1/subnetworks/default"]}""")
            .on(
                orgPolicy("compute.vmExternalIpAccess"),
                200,
                effective("compute.vmExternalIpAccess", "[{\"allowAll\":true}]"))
            .on(
                orgPolicy("cloudfunctions.allowedIngressSettings"),
                200,
                effective("cloudfunctions.allowedIngressSettings", "[{\"allowAll\":true}]"))
            .on(
                orgPolicy("run.allowedIngress"),
                200,
                effective("run.allowedIngress", "[{\"allowAll\":true}]"))
            .on(POLICY, 200, projectPolicy(List.of()))
            .on(
                ACT_AS,
                200,
                "{\"version\":1,\"etag\":\"BwYl3c1\",\"bindings\":["
                    + binding("roles/iam.serviceAccountUser", sa("notebook"))
                    + "]}")
            .on(
                table("events"),
                200,
                "{\"version\":1,\"etag\":\"BwYa\",\"bindings\":["
                    + binding("roles/bigquery.dataViewer", sa("analyze"))
                    + "]}")
            .on(
                table("babies"),
                200,
                "{\"version\":1,\"etag\":\"BwYb\",\"bindings\":["
                    + binding("roles/bigquery.dataViewer", sa("analyze"))
                    + "]}")
            .on(
                table("report_inputs"),
                200,
                "{\"version\":1,\"etag\":\"BwYc\",\"bindings\":["
                    + binding("roles/bigquery.dataEditor", sa("analyze"))
                    + "]}")
            .on(
                PROJECT,
                200,
                "{\"projectNumber\":\"123456789012\",\"projectId\":\"my-cradle\","
                    + "\"lifecycleState\":\"ACTIVE\",\"name\":\"my-cradle\","
                    + "\"parent\":{\"type\":\"organization\",\"id\":\"555000111\"}}")
            .on(
                RUNS_WRITER,
                200,
                "{\"version\":1,\"etag\":\"BwYd\",\"bindings\":["
                    + binding("roles/iam.serviceAccountTokenCreator", PUBSUB_AGENT)
                    + "]}")
            .on(
                TEMPLATE,
                200,
                "{\"kind\":\"storage#object\",\"name\":\"notebooks/cradle_report.ipynb\","
                    + "\"bucket\":\"my-cradle-cradle-artifacts\",\"size\":\"48211\"}")
            .on(DB_SHALLOW, 200, "{\"reports\":true,\"reports_meta\":true}")
            .on(DB_RULES, 200, RULES);
    for (String a : Deployment.ACCOUNTS) {
      p.on(
          account(a),
          200,
          "{\"name\":\"projects/my-cradle/serviceAccounts/cradle-"
              + a
              + "@my-cradle.iam.gserviceaccount.com\",\"projectId\":\"my-cradle\","
              + "\"email\":\"cradle-"
              + a
              + "@my-cradle.iam.gserviceaccount.com\",\"uniqueId\":\"10342\"}");
    }
    for (String stage : STAGES) {
      p.on(function(stage), 200, functionBody(stage, 540))
          .on(trigger(stage), 200, triggerBody(stage))
          .on(subscription(stage), 200, subscriptionBody(stage, 600));
    }
    return p;
  }

  private FreshProject() {}
}

package cradle.local.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DoctorTest {
  private static final String P = "my-cradle";
  private static final String DB =
      "https://my-cradle-default-rtdb.asia-southeast1.firebasedatabase.app";
  private static final String RULES =
      "{\"rules\":{\".read\":false,\".write\":false,\"reports\":{\"$uid\":{\".read\":\"auth != null"
          + " && auth.uid === $uid\"}}}}";
  private static final String SERVICES =
      "GET https://serviceusage.googleapis.com/v1/projects/my-cradle/services?filter=state:ENABLED&pageSize=200";
  private static final String NETWORK =
      "GET https://compute.googleapis.com/compute/v1/projects/my-cradle/global/networks/default";
  private static final String SUBNET =
      "GET https://compute.googleapis.com/compute/v1/projects/my-cradle/regions/asia-northeast1/subnetworks/default";
  private static final String POLICY =
      "POST https://cloudresourcemanager.googleapis.com/v1/projects/my-cradle:getIamPolicy"
          + " {\"options\":{\"requestedPolicyVersion\":3}}";
  private static final String PROJECT =
      "GET https://cloudresourcemanager.googleapis.com/v1/projects/my-cradle";
  private static final String TEMPLATE =
      "GET https://storage.googleapis.com/storage/v1/b/my-cradle-cradle-artifacts/o/notebooks%2Fcradle_report.ipynb";
  private static final String AGENT = "service-123456789@gcp-sa-eventarc.iam.gserviceaccount.com";
  private static final String ACT_AS =
      "POST https://iam.googleapis.com/v1/projects/my-cradle/serviceAccounts/"
          + "cradle-notebook-job@my-cradle.iam.gserviceaccount.com:getIamPolicy {}";
  private static final String NOTEBOOK_USER =
      "{\"bindings\":[{\"role\":\"roles/iam.serviceAccountUser\",\"members\":"
          + "[\"serviceAccount:cradle-notebook@my-cradle.iam.gserviceaccount.com\"]}]}";

  private static String table(String t) {
    return "POST https://bigquery.googleapis.com/bigquery/v2/projects/my-cradle/datasets/cradle/tables/"
        + t
        + ":getIamPolicy {}";
  }

  private static String analyzeHas(String role) {
    return "{\"bindings\":[{\"role\":\""
        + role
        + "\",\"members\":[\"serviceAccount:cradle-analyze@my-cradle.iam.gserviceaccount.com\"]}]}";
  }

  private static String account(String a) {
    return "GET https://iam.googleapis.com/v1/projects/my-cradle/serviceAccounts/cradle-"
        + a
        + "@my-cradle.iam.gserviceaccount.com";
  }

  private static String services(List<String> names) {
    return names.stream()
        .map(n -> "{\"config\":{\"name\":\"" + n + "\"},\"state\":\"ENABLED\"}")
        .collect(Collectors.joining(",", "{\"services\":[", "]}"));
  }

  private static String policy(List<String> skip) {
    List<String> bindings = new ArrayList<>();
    Deployment.PROJECT_ROLES.forEach(
        (account, roles) -> {
          for (String role : roles) {
            if (!skip.contains(account + " " + role)) {
              bindings.add(
                  "{\"role\":\""
                      + role.replace("PROJECT", "my-cradle").replace("PREFIX", "cradle")
                      + "\",\"members\":[\"serviceAccount:cradle-"
                      + account
                      + "@my-cradle.iam.gserviceaccount.com\"]}");
            }
          }
        });
    if (!skip.contains("eventarc")) {
      bindings.add(
          "{\"role\":\"roles/eventarc.serviceAgent\",\"members\":[\"serviceAccount:"
              + AGENT
              + "\"]}");
    }
    return "{\"bindings\":[" + String.join(",", bindings) + "]}";
  }

  private static FakeGoogleApi healthy() {
    FakeGoogleApi api =
        new FakeGoogleApi()
            .on(SERVICES, 200, services(Deployment.APIS))
            .on(NETWORK, 200, "{\"name\":\"default\"}")
            .on(SUBNET, 200, "{\"name\":\"default\",\"privateIpGoogleAccess\":true}")
            .on(POLICY, 200, policy(List.of()))
            .on(PROJECT, 200, "{\"projectNumber\":\"123456789\"}")
            .on(TEMPLATE, 200, "{\"name\":\"notebooks/cradle_report.ipynb\"}")
            .on(ACT_AS, 200, NOTEBOOK_USER)
            .on(table("events"), 200, analyzeHas("roles/bigquery.dataViewer"))
            .on(table("babies"), 200, analyzeHas("roles/bigquery.dataViewer"))
            .on(table("report_inputs"), 200, analyzeHas("roles/bigquery.dataEditor"))
            .on("GET " + DB + "/.json?shallow=true", 200, "{\"reports\":true}")
            .on("GET " + DB + "/.settings/rules.json", 200, RULES);
    for (String a : Deployment.ACCOUNTS) {
      api.on(account(a), 200, "{\"email\":\"cradle-" + a + "@my-cradle.iam.gserviceaccount.com\"}");
    }
    return api;
  }

  private static final Deployment DEPLOYMENT = new Deployment(P, "asia-northeast1", "cradle");

  @Test
  void run_aHealthyProject_passesEveryCheck_withExactlyTheseReads() {
    FakeGoogleApi api = healthy();

    List<Check> checks = new Doctor(api, DEPLOYMENT).run(DB + "/", RULES);

    assertEquals(List.of(), checks.stream().filter(c -> !c.ok()).map(Check::line).toList());
    assertEquals(
        List.of(
            "APIs enabled",
            "default network",
            "Private Google Access",
            "service account analyze",
            "service account notebook",
            "service account await",
            "service account publish",
            "service account trigger",
            "service account notebook-job",
            "service account deadline",
            "build service account",
            "notebook acts as the job's account",
            "analyze table grants",
            "Eventarc service agent",
            "notebook template",
            "database reachable",
            "database rules"),
        checks.stream().map(Check::name).toList());
    List<String> expected = new ArrayList<>(List.of(SERVICES, NETWORK, SUBNET, POLICY));
    Deployment.ACCOUNTS.forEach(a -> expected.add(account(a)));
    expected.addAll(
        List.of(
            ACT_AS,
            table("events"),
            table("babies"),
            table("report_inputs"),
            PROJECT,
            TEMPLATE,
            "GET " + DB + "/.json?shallow=true",
            "GET " + DB + "/.settings/rules.json"));
    assertEquals(expected, api.requests);
    assertTrue(
        api.requests.stream().allMatch(r -> r.startsWith("GET ") || r.contains(":getIamPolicy ")),
        "read-only: " + api.requests);
  }

  @Test
  void run_withoutADatabaseUrl_skipsTheDatabase() {
    FakeGoogleApi api = healthy();

    List<Check> checks = new Doctor(api, DEPLOYMENT).run(null, null);

    assertEquals(15, checks.size());
    assertTrue(api.requests.stream().noneMatch(r -> r.contains("firebasedatabase")));
  }

  @Test
  void run_aFreshProject_failsEachGap_withItsFix() {
    List<String> missingApis = List.of("compute.googleapis.com", "dataform.googleapis.com");
    FakeGoogleApi api =
        healthy()
            .on(
                SERVICES,
                200,
                services(Deployment.APIS.stream().filter(a -> !missingApis.contains(a)).toList()))
            .on(NETWORK, 404, "{\"error\":{\"code\":404,\"message\":\"not found\"}}")
            .on(SUBNET, 200, "{\"name\":\"default\",\"privateIpGoogleAccess\":false}")
            .on(POLICY, 200, policy(List.of("build roles/artifactregistry.writer", "eventarc")))
            .on(account("notebook-job"), 404, "{\"error\":{\"code\":404,\"message\":\"gone\"}}")
            .on(TEMPLATE, 404, "")
            .on(ACT_AS, 200, "{}")
            .on(table("report_inputs"), 200, analyzeHas("roles/bigquery.dataViewer"))
            .on(
                "GET " + DB + "/.settings/rules.json",
                200,
                "{\"rules\":{\".read\":true,\".write\":false}}");

    List<String> failed =
        new Doctor(api, DEPLOYMENT)
            .run(DB, RULES).stream().filter(c -> !c.ok()).map(Check::line).toList();

    assertEquals(
        List.of(
            "FAIL  APIs enabled                       not enabled: compute.googleapis.com,"
                + " dataform.googleapis.com; fix: gcloud services enable compute.googleapis.com"
                + " dataform.googleapis.com --project my-cradle",
            "FAIL  default network                    the project has no network named default"
                + " (the notebook job's runtime runs on it); fix: gcloud compute networks create"
                + " default --subnet-mode=auto --project my-cradle",
            "FAIL  Private Google Access              off for the default subnet in"
                + " asia-northeast1 (a runtime without internet access cannot read gs://); fix:"
                + " gcloud compute networks subnets update default --region asia-northeast1"
                + " --enable-private-ip-google-access --project my-cradle",
            "FAIL  service account notebook-job       cradle-notebook-job@my-cradle.iam.gserviceaccount.com"
                + " does not exist; fix: terraform apply (iam.tf creates it)",
            "FAIL  build service account              cradle-build@my-cradle.iam.gserviceaccount.com"
                + " lacks roles/artifactregistry.writer; fix: gcloud projects"
                + " add-iam-policy-binding my-cradle --member"
                + " serviceAccount:cradle-build@my-cradle.iam.gserviceaccount.com --role"
                + " roles/artifactregistry.writer (or terraform apply)",
            "FAIL  notebook acts as the job's account cradle-notebook@my-cradle.iam.gserviceaccount.com"
                + " may not act as cradle-notebook-job@my-cradle.iam.gserviceaccount.com (the"
                + " notebook job would never start); fix: gcloud iam service-accounts"
                + " add-iam-policy-binding cradle-notebook-job@my-cradle.iam.gserviceaccount.com"
                + " --member serviceAccount:cradle-notebook@my-cradle.iam.gserviceaccount.com"
                + " --role roles/iam.serviceAccountUser --project my-cradle",
            "FAIL  analyze table grants               cradle-analyze@my-cradle.iam.gserviceaccount.com"
                + " lacks roles/bigquery.dataEditor on report_inputs; fix: bq"
                + " add-iam-policy-binding"
                + " --member=serviceAccount:cradle-analyze@my-cradle.iam.gserviceaccount.com"
                + " --role=roles/bigquery.dataEditor my-cradle:cradle.report_inputs (or terraform"
                + " apply)",
            "FAIL  Eventarc service agent             "
                + AGENT
                + " lacks roles/eventarc.serviceAgent (triggers cannot be created); fix: wait a"
                + " few minutes after enabling eventarc.googleapis.com, or: gcloud projects"
                + " add-iam-policy-binding my-cradle --member serviceAccount:"
                + AGENT
                + " --role roles/eventarc.serviceAgent",
            "FAIL  notebook template                  gs://my-cradle-cradle-artifacts/notebooks/cradle_report.ipynb"
                + " does not exist (or the bucket does not); fix: terraform apply (storage.tf"
                + " uploads it)",
            "FAIL  database rules                     differ from terraform/database.rules.json;"
                + " fix: firebase deploy --only database --project my-cradle (with"
                + " terraform/database.rules.json in firebase.json; see README)"),
        failed);
  }

  @Test
  void run_withoutPermission_saysWhichRoleReadsIt_andStillChecksTheRest() {
    FakeGoogleApi api =
        healthy()
            .on(
                POLICY,
                403,
                "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\"}}");

    List<Check> checks = new Doctor(api, DEPLOYMENT).run(null, null);

    List<String> failed = checks.stream().filter(c -> !c.ok()).map(Check::line).toList();
    assertEquals(
        List.of(
            "FAIL  project IAM policy                 could not read: 403 The caller does not have"
                + " permission; fix: run with an account that has roles/iam.securityReviewer (or"
                + " roles/viewer) on the project",
            "FAIL  Eventarc service agent             not checked: the project IAM policy was not"
                + " readable; fix: see the project IAM policy line"),
        failed);
    assertTrue(
        checks.stream()
            .filter(c -> c.name().equals("build service account"))
            .allMatch(c -> c.ok() && c.detail().contains("roles not checked")));
  }

  @Test
  void run_aClientThatThrows_isOneFailedLine_notACrash() {
    GoogleApi broken =
        new GoogleApi() {
          @Override
          public Reply get(String url) throws java.io.IOException {
            throw new java.io.IOException("connect timed out");
          }

          @Override
          public Reply read(String url, String json) throws java.io.IOException {
            throw new java.io.IOException("connect timed out");
          }
        };

    List<Check> checks = new Doctor(broken, DEPLOYMENT).run(null, null);

    assertTrue(checks.stream().noneMatch(Check::ok));
    assertEquals(
        "FAIL  APIs enabled                       could not ask: connect timed out; fix: check your"
            + " network and `gcloud auth application-default login`",
        checks.get(0).line());
  }
}

package cradle.local.doctor;

import static cradle.local.doctor.FreshProject.DB;
import static cradle.local.doctor.FreshProject.DB_RULES;
import static cradle.local.doctor.FreshProject.NETWORK;
import static cradle.local.doctor.FreshProject.POLICY;
import static cradle.local.doctor.FreshProject.RULES;
import static cradle.local.doctor.FreshProject.RUNS_WRITER;
import static cradle.local.doctor.FreshProject.effective;
import static cradle.local.doctor.FreshProject.orgPolicy;
import static cradle.local.doctor.FreshProject.projectPolicy;
import static cradle.local.doctor.FreshProject.subscription;
import static cradle.local.doctor.FreshProject.subscriptionBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The doctor against doubles of projects (answering only the exact requests Google's APIs take): a
 * correct fresh project passes every check; each broken one fails exactly the check that names its
 * fault, with the fix.
 */
class DoctorTest {
  private static final Deployment DEPLOYMENT =
      new Deployment("my-cradle", "asia-northeast1", "cradle");

  private static List<Check> run(GoogleProjectDouble project, String quotaProject) {
    return new Doctor(project.api(project.userCredentials(quotaProject)), DEPLOYMENT)
        .run(DB + "/", RULES);
  }

  private static List<String> failures(GoogleProjectDouble project) {
    return run(project, GoogleProjectDouble.QUOTA_PROJECT).stream()
        .filter(c -> !c.ok())
        .map(Check::line)
        .toList();
  }

  /** The failed checks' lines on a fresh project in which {@code url} answers {@code body}. */
  private static List<String> failuresWhere(String url, String body) throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      project.on(url, 200, body);
      return failures(project);
    }
  }

  @Test
  void run_aCorrectFreshProject_passesEveryCheck_withExactlyTheseReads() throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      List<Check> checks = run(project, GoogleProjectDouble.QUOTA_PROJECT);

      assertEquals(List.of(), checks.stream().filter(c -> !c.ok()).map(Check::line).toList());
      assertEquals(
          List.of(
              "APIs enabled",
              "default network",
              "org policy vmExternalIpAccess",
              "org policy allowedIngressSettings",
              "org policy run.allowedIngress",
              "service account analyze",
              "service account notebook",
              "service account await",
              "service account publish",
              "service account trigger",
              "service account notebook-job",
              "service account deadline",
              "build service account",
              "service account runs-writer",
              "notebook acts as the job's account",
              "analyze table grants",
              "service agent eventarc",
              "service agent pubsub",
              "Pub/Sub agent acts as runs-writer",
              "trigger analyze",
              "trigger notebook",
              "trigger await",
              "trigger publish",
              "notebook template",
              "database reachable",
              "database rules"),
          checks.stream().map(Check::name).toList());
      List<String> apiCalls =
          project.requests.stream()
              .filter(r -> !r.startsWith("POST https://oauth2.googleapis.com/token "))
              .toList();
      assertTrue(
          apiCalls.stream().allMatch(r -> r.startsWith("GET ") || r.contains(":getIamPolicy ")),
          "read-only: " + apiCalls);
      assertEquals(
          "ok    trigger analyze                    eventarc-asia-northeast1-cradle-analyze-014391"
              + "-sub-100 waits 600 s for an ack (timeout 540 s)",
          checks.get(19).line());
    }
  }

  @Test
  void run_anOrganizationThatForbidsExternalIps_failsOnlyThatPolicy_withItsFix()
      throws IOException {
    assertEquals(
        List.of(
            "FAIL  org policy vmExternalIpAccess      constraints/compute.vmExternalIpAccess"
                + " forbids external IPs, and the notebook job's runtime asks for internet"
                + " access (the job would fail to start); fix: an organization policy"
                + " administrator runs gcloud org-policies reset compute.vmExternalIpAccess"
                + " --project my-cradle (the default allows them), or set"
                + " notebook_runtime_template to a runtime template without internet access on"
                + " a subnet with Private Google Access"),
        failuresWhere(
            orgPolicy("compute.vmExternalIpAccess"),
            effective("compute.vmExternalIpAccess", "[{\"denyAll\":true}]")));
  }

  @Test
  void run_noDefaultNetwork_inAnOrganizationThatSkipsIt_saysWhy_andHowToMakeOne()
      throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      project
          .without(NETWORK)
          .on(
              orgPolicy("compute.skipDefaultNetworkCreation"),
              200,
              effective("compute.skipDefaultNetworkCreation", "[{\"enforce\":true}]"));

      assertEquals(
          List.of(
              "FAIL  default network                    the project has no network named default"
                  + " (the notebook job's runtime runs on it); the organization enforces"
                  + " constraints/compute.skipDefaultNetworkCreation, so the project was made"
                  + " without one; fix: gcloud compute networks create default --subnet-mode=auto"
                  + " --project my-cradle"),
          failures(project));
    }
  }

  @Test
  void run_aDefaultNetworkWithoutASubnetInTheRegion_failsTheNetwork() throws IOException {
    assertEquals(
        List.of(
            "FAIL  default network                    the default network has no subnet in"
                + " asia-northeast1 (the notebook job's runtime needs one); fix: gcloud compute"
                + " networks subnets create default --network default --region asia-northeast1"
                + " --range CIDR --project my-cradle (CIDR: a /20 free in the network)"),
        failuresWhere(
            NETWORK,
            "{\"name\":\"default\",\"autoCreateSubnetworks\":false,\"subnetworks\":[\"https://www"
                + ".googleapis.com/compute/v1/projects/my-cradle/regions/us-central1/subnetworks/"
                + "default\"]}"));
  }

  @Test
  void run_ingressPoliciesThatRefuseInternalOnly_failEach() throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      project
          .on(
              orgPolicy("cloudfunctions.allowedIngressSettings"),
              200,
              effective(
                  "cloudfunctions.allowedIngressSettings",
                  "[{\"values\":{\"allowedValues\":[\"ALLOW_ALL\"]}}]"))
          .on(
              orgPolicy("run.allowedIngress"),
              200,
              effective(
                  "run.allowedIngress",
                  "[{\"values\":{\"allowedValues\":[\"is:internal-and-cloud-load-balancing\"]}}]"));

      assertEquals(
          List.of(
              "FAIL  org policy allowedIngressSettings  constraints/cloudfunctions"
                  + ".allowedIngressSettings does not allow ALLOW_INTERNAL_ONLY, the ingress of"
                  + " every Cradle function (terraform apply would fail to deploy them); fix: an"
                  + " organization policy administrator runs gcloud resource-manager org-policies"
                  + " allow cloudfunctions.allowedIngressSettings ALLOW_INTERNAL_ONLY --project"
                  + " my-cradle",
              "FAIL  org policy run.allowedIngress      constraints/run.allowedIngress does not"
                  + " allow internal, the ingress of every Cradle function (terraform apply would"
                  + " fail to deploy them); fix: an organization policy administrator runs gcloud"
                  + " resource-manager org-policies allow run.allowedIngress internal --project"
                  + " my-cradle"),
          failures(project));
    }
  }

  @Test
  void run_aTriggerSubscriptionWithEventarcsShortAckDeadline_failsThatTrigger() throws IOException {
    assertEquals(
        List.of(
            "FAIL  trigger notebook                   eventarc-asia-northeast1-cradle-notebook"
                + "-220847-sub-101 waits 10 s for an ack, under the function's 540 s timeout: a"
                + " run longer than that is delivered again while it still runs; fix: gcloud"
                + " pubsub subscriptions update"
                + " eventarc-asia-northeast1-cradle-notebook-220847-sub-101 --ack-deadline=600"
                + " --project my-cradle"),
        failuresWhere(subscription("notebook"), subscriptionBody("notebook", 10)));
  }

  @Test
  void run_withoutThePubSubServiceAgent_failsTheAgent() throws IOException {
    assertEquals(
        List.of(
            "FAIL  service agent pubsub               service-123456789012@gcp-sa-pubsub.iam"
                + ".gserviceaccount.com lacks roles/pubsub.serviceAgent (the agent has not been"
                + " made, or lost its role); fix: gcloud beta services identity create"
                + " --service=pubsub.googleapis.com --project my-cradle && gcloud projects"
                + " add-iam-policy-binding my-cradle --member"
                + " serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com"
                + " --role roles/pubsub.serviceAgent (or terraform apply: apis.tf makes the"
                + " agent)"),
        failuresWhere(POLICY, projectPolicy(List.of("roles/pubsub.serviceAgent"))));
  }

  @Test
  void run_aRunsWriterThePubSubAgentMayNotActAs_failsThatGrant() throws IOException {
    assertEquals(
        List.of(
            "FAIL  Pub/Sub agent acts as runs-writer  service-123456789012@gcp-sa-pubsub.iam"
                + ".gserviceaccount.com may not mint tokens for"
                + " cradle-runs-writer@my-cradle.iam.gserviceaccount.com (run events would never"
                + " reach the runs table); fix: gcloud iam service-accounts"
                + " add-iam-policy-binding cradle-runs-writer@my-cradle.iam.gserviceaccount.com"
                + " --member"
                + " serviceAccount:service-123456789012@gcp-sa-pubsub.iam.gserviceaccount.com"
                + " --role roles/iam.serviceAccountTokenCreator --project my-cradle"),
        failuresWhere(RUNS_WRITER, "{\"version\":1,\"etag\":\"BwYe\"}"));
  }

  @Test
  void run_rulesThatDiffer_failWithTheReportsTargetsDeploy() throws IOException {
    assertEquals(
        List.of(
            "FAIL  database rules                     differ from terraform/database.rules.json;"
                + " fix: firebase deploy --only database:reports --project my-cradle (after"
                + " firebase target:apply database reports INSTANCE --project my-cradle;"
                + " terraform output reports_database prints both; docs/operations.md,"
                + " Deployment step 5)"),
        failuresWhere(DB_RULES, "{\"rules\":{\".read\":true,\".write\":false}}"));
  }

  @Test
  void run_credentialsWithoutAQuotaProject_sayHowToEnableOrChooseOne() throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      List<Check> checks = run(project, null);

      assertEquals(
          "FAIL  APIs enabled                       could not read: serviceusage.googleapis.com is"
              + " not enabled in project 764086051850; fix: gcloud services enable"
              + " serviceusage.googleapis.com --project 764086051850 (project 764086051850 is the"
              + " quota project your credentials bill; if it is not yours, choose one: gcloud auth"
              + " application-default set-quota-project PROJECT)",
          checks.get(0).line());
      assertTrue(
          checks.stream().filter(c -> c.name().startsWith("database")).allMatch(Check::ok),
          "the database is not a googleapis.com API: " + checks);
    }
  }

  @Test
  void run_withoutPermission_saysWhichRoleReadsIt_andStillChecksTheRest() throws IOException {
    try (GoogleProjectDouble project = FreshProject.start()) {
      project.on(
          POLICY,
          403,
          "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\","
              + "\"status\":\"PERMISSION_DENIED\"}}");

      List<Check> checks = run(project, GoogleProjectDouble.QUOTA_PROJECT);

      assertEquals(
          List.of(
              "FAIL  project IAM policy                 could not read: 403 The caller does not"
                  + " have permission; fix: run with an account that has roles/iam.securityReviewer"
                  + " (or roles/viewer) on the project",
              "FAIL  service agent eventarc             not checked: the project IAM policy or"
                  + " number was not readable; fix: see the line that says so",
              "FAIL  service agent pubsub               not checked: the project IAM policy or"
                  + " number was not readable; fix: see the line that says so"),
          checks.stream().filter(c -> !c.ok()).map(Check::line).toList());
      assertTrue(
          checks.stream()
              .filter(c -> c.name().equals("build service account"))
              .allMatch(c -> c.ok() && c.detail().contains("roles not checked")));
    }
  }

  @Test
  void run_aClientThatThrows_isOneFailedLine_notACrash() {
    GoogleApi broken =
        new GoogleApi() {
          @Override
          public Reply get(String url) throws IOException {
            throw new IOException("connect timed out");
          }

          @Override
          public Reply read(String url, String json) throws IOException {
            throw new IOException("connect timed out");
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

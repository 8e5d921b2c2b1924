package cradle.local.doctor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only preflight of a Google Cloud project for Cradle: what the audit of a first deployment
 * found can go wrong, checked with the operator's credentials, one {@link Check} each. It only
 * reads (GET, and getIamPolicy); it changes nothing.
 */
public final class Doctor {
  private static final String CRM = "https://cloudresourcemanager.googleapis.com/v1/projects/";
  private static final String RUNS_WRITER_TOKENS = "Pub/Sub agent acts as runs-writer";

  private final GoogleApi api;
  private final Deployment deployment;

  public Doctor(GoogleApi api, Deployment deployment) {
    this.api = api;
    this.deployment = deployment;
  }

  /**
   * @param databaseUrl the Realtime Database, or null to skip its checks
   * @param rules the rules terraform/database.rules.json holds (JSON), or null
   */
  public List<Check> run(String databaseUrl, String rules) {
    List<Check> checks = new ArrayList<>();
    OrgPolicies org = new OrgPolicies(api, deployment);
    checks.add(guard("APIs enabled", this::apis));
    checks.add(guard(OrgPolicies.NETWORK, org::network));
    checks.add(guard(OrgPolicies.EXTERNAL_IPS, org::externalIps));
    checks.add(guard(OrgPolicies.FUNCTION_INGRESS, org::functionIngress));
    checks.add(guard(OrgPolicies.RUN_INGRESS, org::runIngress));
    Map<String, Set<String>> roles = new HashMap<>();
    Check policy = guard("project IAM policy", () -> policy(roles));
    if (!policy.ok()) {
      checks.add(policy);
    }
    for (String account : Deployment.ACCOUNTS) {
      checks.add(guard(label(account), () -> serviceAccount(account, roles, policy.ok())));
    }
    checks.add(guard("notebook acts as the job's account", this::actAs));
    checks.add(guard("analyze table grants", this::tableGrants));
    ProjectNumber project = projectNumber();
    if (project.failure() != null) {
      checks.add(project.failure());
    }
    for (Deployment.ServiceAgent agent : Deployment.SERVICE_AGENTS) {
      checks.add(
          guard(
              agentLabel(agent), () -> serviceAgent(agent, project.number(), roles, policy.ok())));
    }
    checks.add(guard(RUNS_WRITER_TOKENS, () -> runsWriterTokens(project.number())));
    TriggerSubscriptions triggers = new TriggerSubscriptions(api, deployment);
    for (String stage : Deployment.STAGES) {
      checks.add(guard("trigger " + stage, () -> triggers.check(stage)));
    }
    checks.add(guard("notebook template", this::template));
    if (databaseUrl != null) {
      String base = databaseUrl.replaceAll("/+$", "");
      checks.add(guard("database reachable", () -> database(base)));
      checks.add(guard("database rules", () -> rules(base, rules)));
    }
    return checks;
  }

  private interface Probe {
    Check run() throws IOException;
  }

  private static Check guard(String name, Probe probe) {
    try {
      return probe.run();
    } catch (IOException | RuntimeException e) {
      return couldNotAsk(name, e);
    }
  }

  private static Check couldNotAsk(String name, Exception e) {
    return Check.fail(
        name,
        "could not ask: " + e.getMessage(),
        "check your network and `gcloud auth application-default login`");
  }

  private static String label(String account) {
    return account.equals("build") ? "build service account" : "service account " + account;
  }

  private String project() {
    return deployment.project();
  }

  private Check apis() throws IOException {
    Set<String> enabled = new HashSet<>();
    String token = "";
    do {
      GoogleApi.Reply r =
          api.get(
              "https://serviceusage.googleapis.com/v1/projects/"
                  + project()
                  + "/services?filter=state:ENABLED&pageSize=200"
                  + (token.isEmpty() ? "" : "&pageToken=" + encode(token)));
      if (!r.ok()) {
        return Check.unreadable("APIs enabled", r, "roles/serviceusage.serviceUsageViewer");
      }
      if (r.body().has("services")) {
        for (JsonElement s : r.body().getAsJsonArray("services")) {
          enabled.add(s.getAsJsonObject().getAsJsonObject("config").get("name").getAsString());
        }
      }
      token = r.body().has("nextPageToken") ? r.body().get("nextPageToken").getAsString() : "";
    } while (!token.isEmpty());
    List<String> missing = Deployment.APIS.stream().filter(a -> !enabled.contains(a)).toList();
    if (missing.isEmpty()) {
      return Check.pass("APIs enabled", "all " + Deployment.APIS.size() + " Cradle needs");
    }
    return Check.fail(
        "APIs enabled",
        "not enabled: " + String.join(", ", missing),
        "gcloud services enable " + String.join(" ", missing) + " --project " + project());
  }

  private Check policy(Map<String, Set<String>> roles) throws IOException {
    GoogleApi.Reply r =
        api.read(CRM + project() + ":getIamPolicy", "{\"options\":{\"requestedPolicyVersion\":3}}");
    if (!r.ok()) {
      return Check.unreadable("project IAM policy", r, "roles/iam.securityReviewer");
    }
    if (r.body().has("bindings")) {
      for (JsonElement b : r.body().getAsJsonArray("bindings")) {
        JsonObject binding = b.getAsJsonObject();
        if (binding.has("condition")) {
          continue; // a conditional grant may not apply: Cradle's grants have none
        }
        String role = binding.get("role").getAsString();
        for (JsonElement m : binding.getAsJsonArray("members")) {
          roles.computeIfAbsent(m.getAsString(), k -> new TreeSet<>()).add(role);
        }
      }
    }
    return Check.pass("project IAM policy", "read");
  }

  private Check serviceAccount(String account, Map<String, Set<String>> roles, boolean policyRead)
      throws IOException {
    String email = deployment.email(account);
    String name = label(account);
    GoogleApi.Reply r =
        api.get(
            "https://iam.googleapis.com/v1/projects/" + project() + "/serviceAccounts/" + email);
    if (r.status() == 404) {
      return Check.fail(name, email + " does not exist", "terraform apply (iam.tf creates it)");
    }
    if (!r.ok()) {
      return Check.unreadable(name, r, "roles/iam.serviceAccountViewer");
    }
    if (r.body().has("disabled") && r.body().get("disabled").getAsBoolean()) {
      return Check.fail(
          name,
          email + " is disabled",
          "gcloud iam service-accounts enable " + email + " --project " + project());
    }
    if (!policyRead) {
      return Check.pass(name, email + " exists (roles not checked: the policy was not readable)");
    }
    Set<String> has = roles.getOrDefault("serviceAccount:" + email, Set.of());
    List<String> missing =
        deployment.projectRoles(account).stream().filter(x -> !has.contains(x)).toList();
    if (missing.isEmpty()) {
      return Check.pass(
          name,
          deployment.projectRoles(account).isEmpty()
              ? email + " exists (it needs no project role)"
              : email + " has " + String.join(", ", deployment.projectRoles(account)));
    }
    return Check.fail(
        name,
        email + " lacks " + String.join(", ", missing),
        missing.stream()
                .map(
                    role ->
                        "gcloud projects add-iam-policy-binding "
                            + project()
                            + " --member serviceAccount:"
                            + email
                            + " --role "
                            + role)
                .reduce((a, b) -> a + " && " + b)
                .orElseThrow()
            + " (or terraform apply)");
  }

  /** The notebook function starts jobs that run as the notebook job's account: actAs on it. */
  private Check actAs() throws IOException {
    String name = "notebook acts as the job's account";
    String job = deployment.email("notebook-job");
    String function = deployment.email("notebook");
    GoogleApi.Reply r =
        api.read(
            "https://iam.googleapis.com/v1/projects/"
                + project()
                + "/serviceAccounts/"
                + job
                + ":getIamPolicy",
            "{}");
    if (!r.ok()) {
      return Check.unreadable(name, r, "roles/iam.serviceAccountViewer");
    }
    if (members(r.body(), "roles/iam.serviceAccountUser").contains("serviceAccount:" + function)) {
      return Check.pass(name, function + " is a Service Account User of " + job);
    }
    return Check.fail(
        name,
        function + " may not act as " + job + " (the notebook job would never start)",
        "gcloud iam service-accounts add-iam-policy-binding "
            + job
            + " --member serviceAccount:"
            + function
            + " --role roles/iam.serviceAccountUser --project "
            + project());
  }

  /** analyze reads events and babies and writes report_inputs, table by table. */
  private Check tableGrants() throws IOException {
    String name = "analyze table grants";
    String analyze = "serviceAccount:" + deployment.email("analyze");
    List<String> missing = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    for (String table : Deployment.ANALYZE_TABLES) {
      String role = Deployment.ANALYZE_TABLE_ROLES.get(table);
      GoogleApi.Reply r =
          api.read(
              "https://bigquery.googleapis.com/bigquery/v2/projects/"
                  + project()
                  + "/datasets/"
                  + deployment.dataset()
                  + "/tables/"
                  + table
                  + ":getIamPolicy",
              "{}");
      if (r.status() == 404) {
        missing.add(deployment.dataset() + "." + table + " does not exist");
        fixes.add("terraform apply (bigquery.tf creates it)");
        continue;
      }
      if (!r.ok()) {
        return Check.unreadable(name, r, "roles/bigquery.dataViewer");
      }
      if (!members(r.body(), role).contains(analyze)) {
        missing.add(role + " on " + table);
        fixes.add(
            "bq add-iam-policy-binding --member="
                + analyze
                + " --role="
                + role
                + " "
                + project()
                + ":"
                + deployment.dataset()
                + "."
                + table);
      }
    }
    if (missing.isEmpty()) {
      return Check.pass(
          name, "reads events and babies, writes report_inputs (" + deployment.dataset() + ")");
    }
    return Check.fail(
        name,
        deployment.email("analyze") + " lacks " + String.join(", ", missing),
        String.join(" && ", fixes) + " (or terraform apply)");
  }

  private static Set<String> members(JsonObject policy, String role) {
    Set<String> members = new HashSet<>();
    if (policy.has("bindings")) {
      for (JsonElement b : policy.getAsJsonArray("bindings")) {
        JsonObject binding = b.getAsJsonObject();
        if (binding.get("role").getAsString().equals(role) && !binding.has("condition")) {
          binding.getAsJsonArray("members").forEach(m -> members.add(m.getAsString()));
        }
      }
    }
    return members;
  }

  private record ProjectNumber(String number, Check failure) {}

  /** The project number, which names the service agents; a failed read is one check. */
  private ProjectNumber projectNumber() {
    String name = "project number";
    try {
      GoogleApi.Reply r = api.get(CRM + project());
      if (!r.ok()) {
        return new ProjectNumber(null, Check.unreadable(name, r, "roles/browser"));
      }
      return new ProjectNumber(r.body().get("projectNumber").getAsString(), null);
    } catch (IOException | RuntimeException e) {
      return new ProjectNumber(null, couldNotAsk(name, e));
    }
  }

  private static String agentLabel(Deployment.ServiceAgent agent) {
    return "service agent " + agent.service().replace(".googleapis.com", "");
  }

  /**
   * A service agent exists once it holds its role on the project: Google grants the role when it
   * makes the agent (apis.tf asks for it with google_project_service_identity).
   */
  private Check serviceAgent(
      Deployment.ServiceAgent agent,
      String projectNumber,
      Map<String, Set<String>> roles,
      boolean policyRead) {
    String name = agentLabel(agent);
    if (!policyRead || projectNumber == null) {
      return Check.fail(
          name,
          "not checked: the project IAM policy or number was not readable",
          "see the line that says so");
    }
    String email = agent.email(projectNumber);
    if (roles.getOrDefault("serviceAccount:" + email, Set.of()).contains(agent.role())) {
      return Check.pass(name, email + " has " + agent.role());
    }
    return Check.fail(
        name,
        email + " lacks " + agent.role() + " (the agent has not been made, or lost its role)",
        "gcloud beta services identity create --service="
            + agent.service()
            + " --project "
            + project()
            + " && gcloud projects add-iam-policy-binding "
            + project()
            + " --member serviceAccount:"
            + email
            + " --role "
            + agent.role()
            + " (or terraform apply: apis.tf makes the agent)");
  }

  /**
   * The run-events subscription writes BigQuery as the runs-writer account; the Pub/Sub agent mints
   * its tokens (pubsub.tf).
   */
  private Check runsWriterTokens(String projectNumber) throws IOException {
    if (projectNumber == null) {
      return Check.fail(
          RUNS_WRITER_TOKENS,
          "not checked: the project number was not readable",
          "see the project number line");
    }
    String writer = deployment.email("runs-writer");
    String agent = Deployment.PUBSUB_AGENT.email(projectNumber);
    GoogleApi.Reply r =
        api.read(
            "https://iam.googleapis.com/v1/projects/"
                + project()
                + "/serviceAccounts/"
                + writer
                + ":getIamPolicy",
            "{}");
    if (r.status() == 404) {
      return Check.fail(
          RUNS_WRITER_TOKENS, writer + " does not exist", "terraform apply (pubsub.tf creates it)");
    }
    if (!r.ok()) {
      return Check.unreadable(RUNS_WRITER_TOKENS, r, "roles/iam.serviceAccountViewer");
    }
    if (members(r.body(), "roles/iam.serviceAccountTokenCreator")
        .contains("serviceAccount:" + agent)) {
      return Check.pass(RUNS_WRITER_TOKENS, agent + " is a Token Creator on " + writer);
    }
    return Check.fail(
        RUNS_WRITER_TOKENS,
        agent
            + " may not mint tokens for "
            + writer
            + " (run events would never reach the runs table)",
        "gcloud iam service-accounts add-iam-policy-binding "
            + writer
            + " --member serviceAccount:"
            + agent
            + " --role roles/iam.serviceAccountTokenCreator --project "
            + project());
  }

  private Check template() throws IOException {
    String bucket = deployment.artifactsBucket();
    GoogleApi.Reply r =
        api.get(
            "https://storage.googleapis.com/storage/v1/b/"
                + bucket
                + "/o/"
                + encode(Deployment.TEMPLATE_OBJECT));
    String uri = "gs://" + bucket + "/" + Deployment.TEMPLATE_OBJECT;
    if (r.status() == 404) {
      return Check.fail(
          "notebook template",
          uri + " does not exist (or the bucket does not)",
          "terraform apply (storage.tf uploads it)");
    }
    if (!r.ok()) {
      return Check.unreadable("notebook template", r, "roles/storage.objectViewer on " + bucket);
    }
    return Check.pass("notebook template", uri);
  }

  private Check database(String base) throws IOException {
    GoogleApi.Reply r = api.get(base + "/.json?shallow=true");
    if (!r.ok()) {
      return Check.fail(
          "database reachable",
          base + ": " + r.error(),
          "check the URL in the Firebase console (Realtime Database) and that your account"
              + " can read it (roles/firebasedatabase.viewer)");
    }
    return Check.pass("database reachable", base);
  }

  private Check rules(String base, String expected) throws IOException {
    GoogleApi.Reply r = api.get(base + "/.settings/rules.json");
    String fix =
        "firebase deploy --only database:reports --project "
            + project()
            + " (after firebase target:apply database reports INSTANCE --project "
            + project()
            + "; terraform output reports_database prints both; docs/operations.md, Deployment"
            + " step 5)";
    if (!r.ok()) {
      return Check.fail("database rules", "could not read them: " + r.error(), fix);
    }
    if (expected == null) {
      return Check.pass("database rules", "read (no local rules file to compare with)");
    }
    if (JsonParser.parseString(expected).equals(r.body())) {
      return Check.pass("database rules", "the same as terraform/database.rules.json");
    }
    return Check.fail("database rules", "differ from terraform/database.rules.json", fix);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

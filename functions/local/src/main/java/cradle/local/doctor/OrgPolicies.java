package cradle.local.doctor;

import com.google.gson.JsonElement;
import java.io.IOException;

/**
 * What would stop the notebook job or the functions before they run: the network the notebook job's
 * runtime joins and the organization policies (Org Policy v2, effective on the project) that refuse
 * what Cradle asks for.
 */
final class OrgPolicies {
  private static final String COMPUTE = "https://compute.googleapis.com/compute/v1/projects/";
  private static final String VIEWER = "roles/orgpolicy.policyViewer";
  static final String NETWORK = "default network";
  static final String EXTERNAL_IPS = "org policy vmExternalIpAccess";
  static final String FUNCTION_INGRESS = "org policy allowedIngressSettings";
  static final String RUN_INGRESS = "org policy run.allowedIngress";

  private final GoogleApi api;
  private final Deployment deployment;

  OrgPolicies(GoogleApi api, Deployment deployment) {
    this.api = api;
    this.deployment = deployment;
  }

  private String project() {
    return deployment.project();
  }

  /**
   * Org Policy v2 names a project's policy by number or id ("projects/{project_id}/policies/... is
   * also an acceptable name for API requests"); the id needs no lookup first.
   */
  private GoogleApi.Reply effective(String constraint) throws IOException {
    return api.get(
        "https://orgpolicy.googleapis.com/v2/projects/"
            + project()
            + "/policies/"
            + constraint
            + ":getEffectivePolicy");
  }

  /**
   * The notebook job's runtime joins the project's default network in the region (with internet
   * access, so the subnet needs no Private Google Access).
   */
  Check network() throws IOException {
    String name = NETWORK;
    String region = deployment.region();
    GoogleApi.Reply r = api.get(COMPUTE + project() + "/global/networks/default");
    if (r.status() == 404) {
      return Check.fail(
          name,
          "the project has no network named default (the notebook job's runtime runs on it)"
              + skippedByPolicy(),
          "gcloud compute networks create default --subnet-mode=auto --project " + project());
    }
    if (!r.ok()) {
      return Check.unreadable(name, r, "roles/compute.networkViewer");
    }
    String suffix = "/regions/" + region + "/subnetworks/";
    if (r.body().has("subnetworks")) {
      for (JsonElement subnet : r.body().getAsJsonArray("subnetworks")) {
        String url = subnet.getAsString();
        if (url.contains(suffix)) {
          String subnetName = url.substring(url.indexOf(suffix) + suffix.length());
          return Check.pass(name, "exists, with subnet " + subnetName + " in " + region);
        }
      }
    }
    return Check.fail(
        name,
        "the default network has no subnet in "
            + region
            + " (the notebook job's runtime needs one)",
        "gcloud compute networks subnets create default --network default --region "
            + region
            + " --range CIDR --project "
            + project()
            + " (CIDR: a /20 free in the network)");
  }

  /** Why a project has no default network, when an organization policy is the reason. */
  private String skippedByPolicy() throws IOException {
    GoogleApi.Reply r = effective("compute.skipDefaultNetworkCreation");
    return r.ok() && EffectivePolicy.parse(r.body()).enforced()
        ? "; the organization enforces constraints/compute.skipDefaultNetworkCreation, so the"
            + " project was made without one"
        : "";
  }

  /** The notebook job asks for internet access: its runtime VM gets an external IP address. */
  Check externalIps() throws IOException {
    String constraint = "compute.vmExternalIpAccess";
    String name = EXTERNAL_IPS;
    GoogleApi.Reply r = effective(constraint);
    if (!r.ok()) {
      return Check.unreadable(name, r, VIEWER);
    }
    if (EffectivePolicy.parse(r.body()).allowsUnnamed()) {
      return Check.pass(
          name,
          "constraints/" + constraint + " lets the notebook job's runtime have an external IP");
    }
    return Check.fail(
        name,
        "constraints/"
            + constraint
            + " forbids external IPs, and the notebook job's runtime asks for internet"
            + " access (the job would fail to start)",
        "an organization policy administrator runs gcloud org-policies reset "
            + constraint
            + " --project "
            + project()
            + " (the default allows them), or set notebook_runtime_template to a runtime template"
            + " without internet access on a subnet with Private Google Access");
  }

  /** functions.tf deploys every function with ingress_settings ALLOW_INTERNAL_ONLY. */
  Check functionIngress() throws IOException {
    return allowsValue(
        FUNCTION_INGRESS, "cloudfunctions.allowedIngressSettings", Deployment.FUNCTION_INGRESS);
  }

  /** A 2nd gen function is a Cloud Run service, whose ingress is then {@code internal}. */
  Check runIngress() throws IOException {
    return allowsValue(RUN_INGRESS, "run.allowedIngress", Deployment.RUN_INGRESS);
  }

  private Check allowsValue(String name, String constraint, String value) throws IOException {
    GoogleApi.Reply r = effective(constraint);
    if (!r.ok()) {
      return Check.unreadable(name, r, VIEWER);
    }
    if (EffectivePolicy.parse(r.body()).allows(value)) {
      return Check.pass(
          name, "constraints/" + constraint + " allows " + value + " (the functions' ingress)");
    }
    return Check.fail(
        name,
        "constraints/"
            + constraint
            + " does not allow "
            + value
            + ", the ingress of every Cradle function (terraform apply would fail to deploy them)",
        "an organization policy administrator runs gcloud resource-manager org-policies allow "
            + constraint
            + " "
            + value
            + " --project "
            + project());
  }
}

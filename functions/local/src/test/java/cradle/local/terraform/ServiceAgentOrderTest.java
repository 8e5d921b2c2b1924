package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On a fresh project a service agent exists only once {@code google_project_service_identity} has
 * made it: an IAM member naming an agent by its address (service-NUMBER@gcp-sa-...) could be
 * created before the agent and fail the first apply. Every such member must refer to the identity
 * resource, which is what orders it after the agent.
 */
class ServiceAgentOrderTest {
  private static final Path TERRAFORM = Path.of("../../terraform");
  private static final Pattern IDENTITY =
      Pattern.compile("google_project_service_identity\\.([a-z_]+)\\[\"([a-z.]+)\"]");

  static List<String> problems(JsonObject hcl) {
    JsonObject resources = hcl.getAsJsonObject("resource");
    JsonObject identities = resources.getAsJsonObject("google_project_service_identity");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonElement> type : resources.entrySet()) {
      if (!type.getKey().endsWith("_iam_member") && !type.getKey().endsWith("_iam_binding")) {
        continue;
      }
      for (Map.Entry<String, JsonElement> named : type.getValue().getAsJsonObject().entrySet()) {
        String where = type.getKey() + "." + named.getKey();
        JsonObject body = named.getValue().getAsJsonArray().get(0).getAsJsonObject();
        String member = body.has("member") ? body.get("member").toString() : body.toString();
        if (member.contains("gcp-sa-") || member.contains("serviceAgent")) {
          problems.add(where + ": names a service agent by address, not by its identity resource");
        }
        Matcher m = IDENTITY.matcher(member);
        while (m.find()) {
          if (identities == null
              || !identities.has(m.group(1))
              || !identities
                  .getAsJsonArray(m.group(1))
                  .get(0)
                  .getAsJsonObject()
                  .get("for_each")
                  .getAsString()
                  .contains("\"" + m.group(2) + "\"")) {
            problems.add(where + ": no service identity for " + m.group(2));
          }
        }
      }
    }
    return problems;
  }

  @Test
  void everyGrantToAServiceAgent_waitsForTheAgentsIdentity() throws Exception {
    assertEquals(List.of(), problems(HclFiles.parse(TERRAFORM)));
  }

  @Test
  void aGrantByAddress_isAProblem() throws Exception {
    JsonObject hcl = HclFiles.parse(TERRAFORM);
    JsonObject body =
        HclFiles.resource(
            hcl, "google_service_account_iam_member", "pubsub_agent_acts_as_runs_writer");
    body.addProperty(
        "member",
        "serviceAccount:service-${data.google_project.this.number}"
            + "@gcp-sa-pubsub.iam.gserviceaccount.com");

    assertEquals(
        List.of(
            "google_service_account_iam_member.pubsub_agent_acts_as_runs_writer: names a service"
                + " agent by address, not by its identity resource"),
        problems(hcl));
  }
}

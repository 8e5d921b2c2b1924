package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.local.doctor.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What ./cradle doctor expects to find is what terraform/ deploys: APIs and project roles. */
class DoctorExpectationsTest {
  private static final Pattern MEMBER =
      Pattern.compile(
          "serviceAccount:\\$\\{google_service_account\\.(\\w+)(?:\\[\"(\\w+)\"])?\\.email}");

  @Test
  void theDoctorsApisAndRoles_areTerraformsExactly() throws Exception {
    JsonObject hcl = HclFiles.parse(Path.of("../../terraform"));
    JsonObject resources = hcl.getAsJsonObject("resource");

    String apis =
        HclFiles.resource(hcl, "google_project_service", "required").get("for_each").getAsString();
    List<String> terraformApis = new ArrayList<>();
    Matcher m = Pattern.compile("\"([a-z.]+\\.googleapis\\.com)\"").matcher(apis);
    while (m.find()) {
      terraformApis.add(m.group(1));
    }
    assertEquals(new TreeSet<>(terraformApis), new TreeSet<>(Deployment.APIS));

    Map<String, TreeSet<String>> grants = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e :
        resources.getAsJsonObject("google_project_iam_member").entrySet()) {
      JsonObject body = e.getValue().getAsJsonArray().get(0).getAsJsonObject();
      Matcher member = MEMBER.matcher(body.get("member").getAsString());
      if (!member.matches()) {
        throw new AssertionError(e.getKey() + ": member " + body.get("member"));
      }
      String account =
          member.group(2) != null ? member.group(2) : member.group(1).replace('_', '-');
      List<String> roles = new ArrayList<>();
      if (body.get("role").getAsString().equals("${each.key}")) {
        String local = body.get("for_each").getAsString(); // ${toset(local.build_roles)}
        String name = local.substring(local.indexOf("local.") + 6, local.indexOf(')'));
        for (JsonElement block : hcl.getAsJsonArray("locals")) {
          if (block.getAsJsonObject().has(name)) {
            block.getAsJsonObject().getAsJsonArray(name).forEach(r -> roles.add(r.getAsString()));
          }
        }
      } else if (body.get("role").getAsString().startsWith("${google_project_iam_custom_role.")) {
        roles.add(Deployment.PUBLISH_DATABASE_ROLE);
        assertEquals(
            "${google_project_iam_custom_role.publish_database.name}",
            body.get("role").getAsString());
      } else {
        roles.add(body.get("role").getAsString());
      }
      grants.computeIfAbsent(account, k -> new TreeSet<>()).addAll(roles);
    }
    Map<String, TreeSet<String>> expected = new TreeMap<>();
    Deployment.PROJECT_ROLES.forEach(
        (a, r) -> {
          if (!r.isEmpty()) {
            expected.put(a, new TreeSet<>(r));
          }
        });
    assertEquals(expected, grants);
  }

  @Test
  void theDoctorsAccounts_areTerraformsServiceAccounts() throws Exception {
    JsonObject hcl = HclFiles.parse(Path.of("../../terraform"));
    TreeSet<String> accounts = new TreeSet<>();
    for (Map.Entry<String, JsonElement> e :
        hcl.getAsJsonObject("resource").getAsJsonObject("google_service_account").entrySet()) {
      String id =
          e.getValue().getAsJsonArray().get(0).getAsJsonObject().get("account_id").getAsString();
      if (id.equals("${var.name_prefix}-${each.key}")) {
        for (JsonElement block : hcl.getAsJsonArray("locals")) {
          if (block.getAsJsonObject().has("functions")) {
            accounts.addAll(block.getAsJsonObject().getAsJsonObject("functions").keySet());
          }
        }
      } else {
        accounts.add(id.replace("${var.name_prefix}-", ""));
      }
    }

    assertEquals(accounts, new TreeSet<>(Deployment.PROJECT_ROLES.keySet()));
  }

  @Test
  void theDoctorsServiceAgents_areThoseTerraformMakes() throws Exception {
    JsonObject identity =
        HclFiles.resource(
            HclFiles.parse(Path.of("../../terraform")), "google_project_service_identity", "agent");
    List<String> services = new ArrayList<>();
    Matcher m =
        Pattern.compile("\"([a-z.]+\\.googleapis\\.com)\"")
            .matcher(identity.get("for_each").getAsString());
    while (m.find()) {
      services.add(m.group(1));
    }

    assertEquals(
        services,
        Deployment.SERVICE_AGENTS.stream().map(Deployment.ServiceAgent::service).toList());
  }

  @Test
  void theDoctorsFunctionTimeoutAndIngress_areTerraformsExactly() throws Exception {
    JsonObject service =
        HclFiles.resource(
                HclFiles.parse(Path.of("../../terraform")),
                "google_cloudfunctions2_function",
                "stage")
            .getAsJsonArray("service_config")
            .get(0)
            .getAsJsonObject();

    assertEquals(Deployment.FUNCTION_TIMEOUT_SECONDS, service.get("timeout_seconds").getAsInt());
    assertEquals(Deployment.FUNCTION_INGRESS, service.get("ingress_settings").getAsString());
  }

  @Test
  void theDoctorsAnalyzeTableGrants_areTerraformsExactly() throws Exception {
    JsonObject hcl = HclFiles.parse(Path.of("../../terraform"));
    Map<String, String> grants = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e :
        hcl.getAsJsonObject("resource")
            .getAsJsonObject("google_bigquery_table_iam_member")
            .entrySet()) {
      JsonObject body = e.getValue().getAsJsonArray().get(0).getAsJsonObject();
      if (!body.get("member").getAsString().contains("function[\"analyze\"]")) {
        continue;
      }
      String role = body.get("role").getAsString();
      String table = body.get("table_id").getAsString();
      if (table.equals("${each.value}")) {
        // for_each = { events = google_bigquery_table.events.table_id, ... }
        Matcher m =
            Pattern.compile("google_bigquery_table\\.(\\w+)\\.table_id")
                .matcher(body.get("for_each").toString());
        while (m.find()) {
          grants.put(m.group(1), role);
        }
      } else {
        Matcher m = Pattern.compile("google_bigquery_table\\.(\\w+)\\.table_id").matcher(table);
        if (!m.find()) {
          throw new AssertionError(e.getKey() + ": table_id " + table);
        }
        grants.put(m.group(1), role);
      }
    }

    assertEquals(new TreeMap<>(Deployment.ANALYZE_TABLE_ROLES), grants);
  }
}

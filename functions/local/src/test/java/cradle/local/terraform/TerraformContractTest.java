package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract between terraform/ and the code, read with HashiCorp's own HCL parser (npm
 * {@code @cdktf/hcl2json}, the Go parser compiled to WebAssembly): entry points, environment,
 * topics, identities and roles.
 */
class TerraformContractTest {
  private static final Path TERRAFORM = Path.of("../../terraform");
  private static JsonObject hcl;

  @BeforeAll
  static void parse() throws Exception {
    hcl = HclFiles.parse(TERRAFORM);
  }

  private static JsonObject locals() {
    JsonObject merged = new JsonObject();
    for (JsonElement block : hcl.getAsJsonArray("locals")) {
      block.getAsJsonObject().entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
    }
    return merged;
  }

  private static JsonObject resource(String type, String name) {
    return HclFiles.resource(hcl, type, name);
  }

  private static JsonObject block(JsonObject parent, String name) {
    return parent.getAsJsonArray(name).get(0).getAsJsonObject();
  }

  @Test
  void everyEntryPoint_isACloudEventsFunctionOfItsStage() throws Exception {
    JsonObject functions = locals().getAsJsonObject("functions");

    assertEquals(new TreeSet<>(stageIds()), new TreeSet<>(functions.keySet()));
    for (String stage : functions.keySet()) {
      Class<?> entry =
          Class.forName(functions.getAsJsonObject(stage).get("entry_point").getAsString());
      assertTrue(
          CloudEventsFunction.class.isAssignableFrom(entry), entry + " is a CloudEventsFunction");
      assertTrue(
          entry.getName().startsWith("cradle." + stage + "."), entry + " belongs to " + stage);
    }
    JsonObject function = resource("google_cloudfunctions2_function", "stage");
    assertEquals("${local.functions}", function.get("for_each").getAsString());
    assertEquals(
        "${each.value.entry_point}",
        block(function, "build_config").get("entry_point").getAsString());
    assertEquals("java17", block(function, "build_config").get("runtime").getAsString());
  }

  private static List<String> stageIds() {
    return java.util.Arrays.stream(Stage.values()).map(Stage::id).toList();
  }

  @Test
  void everyVariableAFunctionReads_isSetByTerraform_andNothingElse() throws Exception {
    JsonObject locals = locals();
    JsonObject groups = locals.getAsJsonObject("env_groups");
    JsonObject function = resource("google_cloudfunctions2_function", "stage");
    assertEquals(
        "${local.function_env[each.key]}",
        block(function, "service_config").get("environment_variables").getAsString());
    for (Stage stage : Stage.values()) {
      Map<String, String> env = new TreeMap<>();
      for (JsonElement group :
          locals.getAsJsonObject("functions").getAsJsonObject(stage.id()).getAsJsonArray("env")) {
        groups
            .getAsJsonObject(group.getAsString())
            .entrySet()
            .forEach(e -> env.put(e.getKey(), resolve(e.getValue().getAsString())));
      }

      StageFunction f = construct(stage, env);

      assertEquals(new TreeSet<>(f.environmentRead()), new TreeSet<>(env.keySet()), stage.id());
    }
  }

  private static StageFunction construct(Stage stage, Map<String, String> env) {
    Clock clock = Clock.systemUTC();
    return switch (stage) {
      case ANALYZE -> cradle.analyze.AnalyzeFunction.ENTRY.instance(env, clock);
      case NOTEBOOK -> cradle.notebook.NotebookFunction.ENTRY.instance(env, clock);
      case AWAIT -> cradle.await.AwaitFunction.ENTRY.instance(env, clock);
      case PUBLISH -> new cradle.publish.PublishFunction(env, clock);
    };
  }

  /** Test values for what Terraform knows only at apply time. */
  private static final Map<String, String> KNOWN =
      Map.of(
          "var.project_id", "my-cradle-project",
          "local.reports_database_url",
              "https://my-cradle-project-cradle-reports.asia-southeast1.firebasedatabase.app",
          // one instance, as database_shards = 1 makes it (DatabaseShardsTerraformTest: several)
          "local.reports_database_urls",
              "https://my-cradle-project-cradle-reports.asia-southeast1.firebasedatabase.app",
          "google_storage_bucket.artifacts.url", "gs://my-cradle-project-cradle-artifacts",
          "google_storage_bucket_object.notebook_template.name", "notebooks/cradle_report.ipynb",
          "google_service_account.notebook_job.email",
              "cradle-notebook-job@my-cradle-project.iam.gserviceaccount.com",
          "google_bigquery_dataset.cradle.dataset_id", "cradle");

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{(?:tostring\\(|join\\(\",\", )?([a-z_.]+)(?: \\+ (\\d+))?\\)?}");

  private static String resolve(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String v = KNOWN.containsKey(ref) ? KNOWN.get(ref) : variableDefault(ref);
      if (m.group(2) != null) {
        v = Long.toString(Long.parseLong(v) + Long.parseLong(m.group(2)));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String variableDefault(String ref) {
    if (!ref.startsWith("var.")) {
      throw new AssertionError("no test value for ${" + ref + "}: add one to KNOWN");
    }
    JsonObject variable =
        hcl.getAsJsonObject("variable").getAsJsonArray(ref.substring(4)).get(0).getAsJsonObject();
    assertTrue(variable.has("default"), ref + " has a default or a test value");
    return variable.get("default").getAsString();
  }

  @Test
  void topics_chainTheStagesInOrder_andTheSchedulerStartsTheFirst() {
    JsonObject locals = locals();
    List<String> stages = new ArrayList<>();
    locals.getAsJsonArray("stages").forEach(s -> stages.add(s.getAsString()));
    assertEquals(stageIds(), stages);
    JsonObject next = locals.getAsJsonObject("next_stage");
    for (Stage stage : Stage.values()) {
      assertEquals(
          stage.next().map(Stage::id).orElse(null),
          next.has(stage.id()) ? next.get(stage.id()).getAsString() : null,
          "after " + stage.id());
    }
    JsonObject topic = resource("google_pubsub_topic", "stage");
    assertEquals(
        "${var.name_prefix}-${each.key}",
        topic.get("name").getAsString(),
        "topics are PREFIX-STAGE, as CloudSettings.topic");
    assertEquals("${toset(local.stages)}", topic.get("for_each").getAsString());
    JsonObject trigger =
        block(resource("google_cloudfunctions2_function", "stage"), "event_trigger");
    assertEquals(
        "${google_pubsub_topic.stage[each.key].id}", trigger.get("pubsub_topic").getAsString());
    assertEquals(
        "google.cloud.pubsub.topic.v1.messagePublished", trigger.get("event_type").getAsString());
    JsonObject handOff = resource("google_pubsub_topic_iam_member", "hand_off");
    assertEquals("${local.next_stage}", handOff.get("for_each").getAsString());
    assertEquals("${google_pubsub_topic.stage[each.value].id}", handOff.get("topic").getAsString());
    JsonObject scheduler = resource("google_cloud_scheduler_job", "nightly");
    assertEquals(
        "${google_pubsub_topic.stage[\"" + Stage.values()[0].id() + "\"].id}",
        block(scheduler, "pubsub_target").get("topic_name").getAsString());
    assertEquals("${var.time_zone}", scheduler.get("time_zone").getAsString());
  }

  @Test
  void everyFunction_runsAsItsOwnServiceAccount_andNoRoleIsPrimitive() {
    JsonObject function = resource("google_cloudfunctions2_function", "stage");
    assertEquals(
        "${google_service_account.function[each.key].email}",
        block(function, "service_config").get("service_account_email").getAsString());
    assertEquals(
        "${local.functions}",
        resource("google_service_account", "function").get("for_each").getAsString());
    assertEquals(
        "${google_service_account.trigger.email}",
        block(function, "event_trigger").get("service_account_email").getAsString());
    assertNotEquals(
        resource("google_service_account", "trigger").get("account_id").getAsString(),
        resource("google_service_account", "notebook_job").get("account_id").getAsString());

    List<String> roles = new ArrayList<>();
    collectRoles(hcl.getAsJsonObject("resource"), roles);
    assertFalse(roles.isEmpty());
    for (String role : roles) {
      assertFalse(
          Set.of("roles/owner", "roles/editor", "roles/viewer").contains(role),
          "primitive role " + role);
    }
  }

  private static void collectRoles(JsonElement e, List<String> roles) {
    if (e.isJsonObject()) {
      for (var entry : e.getAsJsonObject().entrySet()) {
        if (entry.getKey().equals("role") && entry.getValue().isJsonPrimitive()) {
          roles.add(entry.getValue().getAsString());
        } else {
          collectRoles(entry.getValue(), roles);
        }
      }
    } else if (e.isJsonArray()) {
      for (JsonElement x : (JsonArray) e) {
        collectRoles(x, roles);
      }
    }
  }

  @Test
  void everyVariable_isTypedAndDescribed_everyOutputDescribed() {
    for (var v : hcl.getAsJsonObject("variable").entrySet()) {
      JsonObject variable = v.getValue().getAsJsonArray().get(0).getAsJsonObject();
      assertTrue(variable.has("type") && variable.has("description"), "variable " + v.getKey());
    }
    for (var o : hcl.getAsJsonObject("output").entrySet()) {
      assertTrue(
          o.getValue().getAsJsonArray().get(0).getAsJsonObject().has("description"),
          "output " + o.getKey());
    }
  }

  @Test
  void terraformFmt_isClean() throws IOException, InterruptedException {
    Process which = new ProcessBuilder("sh", "-c", "command -v terraform").start();
    Assumptions.assumeTrue(
        which.waitFor() == 0, "terraform is not installed: skipping terraform fmt -check");
    Process fmt =
        new ProcessBuilder("terraform", "fmt", "-check", "-recursive", TERRAFORM.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, fmt.waitFor(), "terraform fmt -check: files to format:\n" + out);
  }
}

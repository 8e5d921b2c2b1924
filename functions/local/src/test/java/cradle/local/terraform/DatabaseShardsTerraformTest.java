package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.publish.cloud.PublishCloudProfile;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.testing.CloudEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * database_shards as Terraform itself evaluates it ({@code terraform console}, offline, over the
 * expressions copied from terraform/): one instance per shard, shard 0 under the single instance's
 * key (so its name and address do not move), and the publish function's CRADLE_DATABASE_URL listing
 * every instance in shard order, as the publish function reads it.
 */
class DatabaseShardsTerraformTest {
  private static final Path TERRAFORM = Path.of("../../terraform");
  private static JsonObject hcl;

  @TempDir Path dir;

  @BeforeAll
  static void parse() throws Exception {
    Process which = new ProcessBuilder("sh", "-c", "command -v terraform").start();
    Assumptions.assumeTrue(which.waitFor() == 0, "terraform is not installed");
    hcl = HclFiles.parse(TERRAFORM);
  }

  @Test
  void oneShard_isTheSingleInstance_underItsOwnKey() throws Exception {
    JsonArray evaluated = evaluate(1);

    assertEquals(JsonParser.parseString("[\"reports\"]"), evaluated.get(0));
    assertEquals("https://p-cradle-reports.firebaseio.com", evaluated.get(1).getAsString());
    // the instance's id is made of its key, as before sharding
    assertEquals(
        "${var.project_id}-${var.name_prefix}-${each.key}",
        instance().get("instance_id").getAsString());
  }

  @Test
  void fourShards_areFourInstances_listedInShardOrder_asPublishReadsThem() throws Exception {
    JsonArray evaluated = evaluate(4);

    assertEquals(
        JsonParser.parseString("[\"reports\",\"reports-1\",\"reports-2\",\"reports-3\"]"),
        evaluated.get(0));
    List<String> opened = new ArrayList<>();
    Env env = new Env(CloudEnv.with("CRADLE_DATABASE_URL", evaluated.get(1).getAsString()));
    Profile.Adapters adapters =
        new PublishCloudProfile(
                () -> null,
                url -> {
                  opened.add(url);
                  return null;
                },
                topic -> null)
            .create(
                Settings.read(env), env, Set.of(BlobStore.class, ReportSink.class, HandOff.class));
    env.check();
    for (int i = 0; i < adapters.reportShards(); i++) {
      adapters.reportSink(i);
    }
    assertEquals(
        List.of(
            "https://p-cradle-reports.firebaseio.com",
            "https://p-cradle-reports-1.firebaseio.com",
            "https://p-cradle-reports-2.firebaseio.com",
            "https://p-cradle-reports-3.firebaseio.com"),
        opened);
  }

  @Test
  void noShards_isRefusedByTheVariablesValidation() throws Exception {
    Process p = console(0);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() != 0, out);
    assertTrue(out.contains("database_shards must be a whole number from 1 to 64."), out);
  }

  private static JsonObject instance() {
    return hcl.getAsJsonObject("resource")
        .getAsJsonObject("google_firebase_database_instance")
        .getAsJsonArray("reports")
        .get(0)
        .getAsJsonObject();
  }

  /** [the instances' keys, the publish function's CRADLE_DATABASE_URL] for database_shards = n. */
  private JsonArray evaluate(int shards) throws Exception {
    Process p = console(shards);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    return JsonParser.parseString(JsonParser.parseString(last).getAsString()).getAsJsonArray();
  }

  private Process console(int shards) throws Exception {
    Files.writeString(dir.resolve("main.tf"), module());
    return new ProcessBuilder(
            "terraform", "console", "-var", "database_shards=" + shards, "-var", "project_id=p")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(input()))
        .start();
  }

  private java.io.File input() throws Exception {
    Path in = dir.resolve("input.txt");
    Files.writeString(in, "jsonencode([local.database_shard_keys, local.publish_database_url])\n");
    return in.toFile();
  }

  /**
   * The variable as terraform/variables.tf declares it, the locals and the instances' for_each as
   * terraform/ writes them, the instances standing in for the provider's resource (its database_url
   * made from its instance_id), and the publish function's CRADLE_DATABASE_URL.
   */
  private static String module() throws Exception {
    String variables = Files.readString(TERRAFORM.resolve("variables.tf"));
    int from = variables.indexOf("variable \"database_shards\" {");
    String variable = variables.substring(from, variables.indexOf("\n}\n", from) + 3);
    JsonObject locals = new JsonObject();
    hcl.getAsJsonArray("locals")
        .forEach(
            b -> b.getAsJsonObject().entrySet().forEach(e -> locals.add(e.getKey(), e.getValue())));
    String publishUrl =
        locals
            .getAsJsonObject("env_groups")
            .getAsJsonObject("publish")
            .get("CRADLE_DATABASE_URL")
            .getAsString();
    String stand = "local.instances";
    return variable
        + "variable \"project_id\" {\n  type = string\n}\n"
        + "variable \"name_prefix\" {\n  type    = string\n  default = \"cradle\"\n}\n"
        + "variable \"shared_database_url\" {\n  type    = string\n  default = null\n}\n"
        + "locals {\n"
        + "  database_shard_keys = "
        + expression(locals.get("database_shard_keys").getAsString())
        + "\n  reports_database_urls = "
        + expression(locals.get("reports_database_urls").getAsString())
            .replace("google_firebase_database_instance.reports", stand)
        + "\n  instances = { for key in "
        + expression(instance().get("for_each").getAsString())
        + " : key => { database_url = \"https://"
        + instance().get("instance_id").getAsString().replace("each.key", "key")
        + ".firebaseio.com\" } }\n"
        + "  publish_database_url = "
        + expression(publishUrl)
        + "\n}\n";
  }

  /** An attribute's expression as hcl2json gives it ("${expr}"), as HCL source. */
  private static String expression(String interpolated) {
    assertTrue(interpolated.startsWith("${") && interpolated.endsWith("}"), interpolated);
    return interpolated.substring(2, interpolated.length() - 1);
  }
}

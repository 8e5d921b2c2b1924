package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * terraform/ against the google provider's schema, offline: the schema of every type it uses comes
 * from npm {@code @cdktf/provider-google} (generated from the provider's schema; see
 * src/test/node/provider-schema.js), and the provider is pinned to that schema's major version.
 */
class ProviderSchemaTest {
  private static final Path TERRAFORM = Path.of("../../terraform");
  private static final Path BROKEN = Path.of("src/test/resources/terraform/broken");
  private static JsonObject hcl;
  private static ProviderSchema schema;

  @BeforeAll
  static void parse() throws Exception {
    hcl = HclFiles.parse(TERRAFORM);
    schema = ProviderSchema.of(hcl);
  }

  @Test
  void terraform_usesOnlyArgumentsAndBlocksThePinnedProviderHas_andEveryRequiredOne()
      throws Exception {
    assertEquals(List.of(), schema.problems(hcl));
  }

  @Test
  void theProviderPin_isTheMajorVersionTheSchemaCameFrom() throws Exception {
    String constraint =
        hcl.getAsJsonArray("terraform")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("required_providers")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("google")
            .get("version")
            .getAsString();

    // "~> 6.50" allows 6.50 and later 6.x: the schema's version and nothing of another major
    Matcher pin = Pattern.compile("~> (\\d+)\\.(\\d+)").matcher(constraint);
    assertTrue(pin.matches(), "google is pinned with ~> MAJOR.MINOR: " + constraint);
    String[] version = schema.providerVersion.split("\\.");
    assertEquals(version[0], pin.group(1), "major version of the schema");
    assertTrue(
        Integer.parseInt(pin.group(2)) <= Integer.parseInt(version[1]),
        constraint + " admits the schema's version " + schema.providerVersion);
    String versions = Files.readString(TERRAFORM.resolve("versions.tf"), StandardCharsets.UTF_8);
    assertTrue(versions.contains(schema.providerVersion), "versions.tf names the schema version");
  }

  @Test
  void aBrokenCopy_failsWithEveryFault() throws Exception {
    JsonObject broken = HclFiles.parse(BROKEN);

    List<String> problems = ProviderSchema.of(broken).problems(broken);

    assertEquals(
        new TreeSet<>(
            List.of(
                "resource google_storage_bucket.artifacts: unknown argument or block colour",
                "resource google_storage_bucket.artifacts: block soft_delete_policy written as an"
                    + " attribute (soft_delete_policy = ...)",
                "resource google_storage_bucket.artifacts.lifecycle_rule: unknown argument or block"
                    + " expiry",
                "resource google_storage_bucket.artifacts: attribute labels written as a block",
                "resource google_storage_bucket.artifacts: missing required attribute location",
                "resource google_cloudfunctions2_function.stage.build_config: unknown block dynamic"
                    + " \"environment\"",
                "resource google_imaginary_thing.x: no such resource type in google 6.50.0",
                "data google_project.this: unknown argument or block zone",
                "provider google: unknown argument or block regoin")),
        new TreeSet<>(problems));
    assertEquals(9, problems.size(), "each fault once: " + problems);
  }
}

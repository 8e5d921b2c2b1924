package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service account ids of the longest (and shortest) name_prefix terraform/ accepts must be
 * valid, or every plan with such a prefix fails (the provider checks {@code ValidateRFC1035Name(6,
 * 30)}).
 */
class ServiceAccountIdsTest {

  @Test
  void everyServiceAccountId_isValid_forTheLongestAndShortestPrefix() throws Exception {
    JsonObject hcl = HclFiles.parse(Path.of("../../terraform"));
    List<String> prefixes = ServiceAccountIds.extremePrefixes(ServiceAccountIds.prefixRule(hcl));
    String longest = prefixes.get(1);

    assertEquals(List.of(), ServiceAccountIds.problems(hcl));
    List<String> ids = ServiceAccountIds.ids(hcl, longest);
    assertTrue(ids.contains(longest + "-notebook-job"), ids.toString());
    assertEquals(
        30,
        ids.stream().mapToInt(String::length).max().orElseThrow(),
        "the longest prefix uses the whole 30 characters of the longest id: " + ids);
  }

  @Test
  void aBrokenCopy_withTheOld21CharacterPrefix_fails() throws Exception {
    JsonObject hcl = HclFiles.parse(Path.of("src/test/resources/terraform/broken"));
    String longest = "p" + "x".repeat(20);

    assertEquals(
        List.of("px", longest),
        ServiceAccountIds.extremePrefixes(ServiceAccountIds.prefixRule(hcl)));
    assertEquals(
        List.of(longest + "-notebook-job: 34 characters, not 6-30"),
        ServiceAccountIds.problems(hcl));
  }
}

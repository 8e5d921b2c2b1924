package cradle.local.terraform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every service account id terraform/ creates, for the shortest and the longest {@code name_prefix}
 * its validation allows, against the rule the provider enforces ({@code ValidateRFC1035Name(6,
 * 30)}: a lower-case letter, then letters, digits or hyphens, not ending in a hyphen, 6-30 long).
 */
final class ServiceAccountIds {
  static final Pattern RFC1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern PREFIX_RULE =
      Pattern.compile("regex\\(\"((?:[^\"\\\\]|\\\\.)*)\", var\\.name_prefix\\)");

  private ServiceAccountIds() {}

  /** The regular expression of name_prefix's validation (HCL string escapes undone). */
  static Pattern prefixRule(JsonObject hcl) {
    JsonObject variable =
        hcl.getAsJsonObject("variable").getAsJsonArray("name_prefix").get(0).getAsJsonObject();
    for (JsonElement v : variable.getAsJsonArray("validation")) {
      Matcher m = PREFIX_RULE.matcher(v.getAsJsonObject().get("condition").getAsString());
      if (m.find()) {
        return Pattern.compile(m.group(1).replace("\\\\", "\\"));
      }
    }
    throw new AssertionError("name_prefix has no regex validation");
  }

  /** The shortest and longest prefixes of letters the rule allows (up to 64 characters). */
  static List<String> extremePrefixes(Pattern rule) {
    Optional<String> shortest = Optional.empty();
    Optional<String> longest = Optional.empty();
    for (int n = 1; n <= 64; n++) {
      String candidate = "p" + "x".repeat(n - 1);
      if (rule.matcher(candidate).find()) {
        shortest = shortest.or(() -> Optional.of(candidate));
        longest = Optional.of(candidate);
      }
    }
    return List.of(
        shortest.orElseThrow(() -> new AssertionError("name_prefix allows no prefix")),
        longest.orElseThrow());
  }

  /** Every service account id for this prefix. */
  static List<String> ids(JsonObject hcl, String prefix) {
    JsonObject accounts = hcl.getAsJsonObject("resource").getAsJsonObject("google_service_account");
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, JsonElement> named : accounts.entrySet()) {
      JsonObject body = named.getValue().getAsJsonArray().get(0).getAsJsonObject();
      String template = body.get("account_id").getAsString().replace("${var.name_prefix}", prefix);
      if (body.has("for_each")) {
        String forEach = body.get("for_each").getAsString();
        if (!forEach.startsWith("${local.") || !forEach.endsWith("}")) {
          throw new AssertionError(named.getKey() + ": cannot expand for_each " + forEach);
        }
        for (String key : local(hcl, forEach.substring(8, forEach.length() - 1)).keySet()) {
          ids.add(template.replace("${each.key}", key));
        }
      } else {
        ids.add(template);
      }
    }
    return ids;
  }

  private static JsonObject local(JsonObject hcl, String name) {
    for (JsonElement block : hcl.getAsJsonArray("locals")) {
      if (block.getAsJsonObject().has(name)) {
        return block.getAsJsonObject().getAsJsonObject(name);
      }
    }
    throw new AssertionError("no local." + name);
  }

  /** The ids that break the rule, with why, for the extreme prefixes the validation allows. */
  static List<String> problems(JsonObject hcl) {
    List<String> problems = new ArrayList<>();
    for (String prefix : extremePrefixes(prefixRule(hcl))) {
      for (String id : ids(hcl, prefix)) {
        if (id.contains("${")) {
          problems.add(id + ": unresolved interpolation");
        } else if (id.length() < 6 || id.length() > 30) {
          problems.add(id + ": " + id.length() + " characters, not 6-30");
        } else if (!RFC1035.matcher(id).matches()) {
          problems.add(id + ": not an RFC 1035 name");
        }
      }
    }
    return problems;
  }
}

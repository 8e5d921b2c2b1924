package cradle.local.doctor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An organization policy as Org Policy v2's {@code getEffectivePolicy} returns it: the policies of
 * the project, its folders and organization merged, conditions already evaluated. Pure: the JSON
 * in, verdicts out.
 *
 * @param rules the spec's rules; none means the constraint's default
 */
record EffectivePolicy(List<JsonObject> rules) {

  /** Reads a v2 {@code Policy} ({@code {"name": ..., "spec": {"rules": [...]}}}). */
  static EffectivePolicy parse(JsonObject policy) {
    List<JsonObject> rules = new ArrayList<>();
    if (policy.has("spec") && policy.getAsJsonObject("spec").has("rules")) {
      for (JsonElement rule : policy.getAsJsonObject("spec").getAsJsonArray("rules")) {
        rules.add(rule.getAsJsonObject());
      }
    }
    return new EffectivePolicy(rules);
  }

  /** A boolean constraint: on when a rule enforces it (its default, off, when none does). */
  boolean enforced() {
    return rules.stream().anyMatch(r -> flag(r, "enforce"));
  }

  /**
   * A list constraint whose default allows every value: does it allow {@code value}? Denials win,
   * then allow-all, then an allowed-values list (a value outside it is denied).
   */
  boolean allows(String value) {
    if (rules.stream().anyMatch(r -> flag(r, "denyAll"))
        || values("deniedValues").contains(value)) {
      return false;
    }
    if (rules.stream().anyMatch(r -> flag(r, "allowAll"))) {
      return true;
    }
    Set<String> allowed = values("allowedValues");
    return allowed.isEmpty() || allowed.contains(value);
  }

  /**
   * A list constraint naming resources (compute.vmExternalIpAccess lists VM instances): does it
   * allow one it cannot name in advance, such as the notebook job's runtime?
   */
  boolean allowsUnnamed() {
    if (rules.stream().anyMatch(r -> flag(r, "denyAll"))) {
      return false;
    }
    return rules.stream().anyMatch(r -> flag(r, "allowAll")) || values("allowedValues").isEmpty();
  }

  private static boolean flag(JsonObject rule, String name) {
    return rule.has(name) && rule.get(name).getAsBoolean();
  }

  /** Every value listed under {@code values.<kind>}, without the optional {@code is:} prefix. */
  private Set<String> values(String kind) {
    Set<String> values = new HashSet<>();
    for (JsonObject rule : rules) {
      if (rule.has("values") && rule.getAsJsonObject("values").has(kind)) {
        for (JsonElement v : rule.getAsJsonObject("values").getAsJsonArray(kind)) {
          values.add(v.getAsString().replaceFirst("^is:", ""));
        }
      }
    }
    return values;
  }
}

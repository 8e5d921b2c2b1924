package cradle.local.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Org Policy v2 effective policies, as getEffectivePolicy returns them, read into verdicts. */
class EffectivePolicyTest {

  private static EffectivePolicy policy(String spec) {
    return EffectivePolicy.parse(
        JsonParser.parseString("{\"name\":\"projects/123456789012/policies/c\"" + spec + "}")
            .getAsJsonObject());
  }

  @ParameterizedTest(name = "{0} -> enforced {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "|false",
        ",\"spec\":{}|false",
        ",\"spec\":{\"rules\":[{\"enforce\":false}]}|false",
        ",\"spec\":{\"rules\":[{\"enforce\":true}]}|true",
      })
  void enforced_readsTheBooleanRule(String spec, boolean enforced) {
    assertEquals(enforced, policy(spec == null ? "" : spec).enforced());
  }

  @ParameterizedTest(name = "{0}: allows ALLOW_INTERNAL_ONLY {1}, an unnamed VM {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "|true|true",
        ",\"spec\":{\"rules\":[{\"allowAll\":true}]}|true|true",
        ",\"spec\":{\"rules\":[{\"denyAll\":true}]}|false|false",
        ",\"spec\":{\"rules\":[{\"values\":{\"allowedValues\":[\"ALLOW_ALL\"]}}]}|false|false",
        ",\"spec\":{\"rules\":[{\"values\":{\"allowedValues\":[\"is:ALLOW_INTERNAL_ONLY\"]}}]}"
            + "|true|false",
        ",\"spec\":{\"rules\":[{\"values\":{\"deniedValues\":[\"ALLOW_INTERNAL_ONLY\"]}}]}"
            + "|false|true",
        ",\"spec\":{\"rules\":[{\"values\":{\"deniedValues\":[\"ALLOW_ALL\"]}}]}|true|true",
      })
  void allows_readsTheListRules(String spec, boolean allowsValue, boolean allowsUnnamed) {
    EffectivePolicy p = policy(spec == null ? "" : spec);

    assertEquals(allowsValue, p.allows("ALLOW_INTERNAL_ONLY"));
    assertEquals(allowsUnnamed, p.allowsUnnamed());
  }
}

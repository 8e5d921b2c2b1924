package cradle.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How an operator's environment is read: defaults only when absent, every mistake named once. */
class EnvTest {
  private static List<String> problems(Env env) {
    return assertThrows(ConfigException.class, env::check).problems();
  }

  /** Reads each variable in turn with {@code read}: the values, in order. */
  private static <T> List<T> readEach(Env env, BiFunction<Env, String, T> read, String... names) {
    return Stream.of(names).map(n -> read.apply(env, n)).toList();
  }

  @Test
  void positiveLong_acceptsOneAndSpaces_refusesZeroNegativeAndWords() {
    Env env = new Env(Map.of("ONE", "1", "PADDED", " 7 ", "ZERO", "0", "NEG", "-2", "WORD", "ten"));

    assertEquals(
        List.of(1L, 7L, 99L, 99L, 99L, 5L),
        readEach(
            env,
            (e, n) -> e.positiveLong(n, n.equals("ABSENT") ? 5 : 99),
            "ONE",
            "PADDED",
            "ZERO",
            "NEG",
            "WORD",
            "ABSENT"));
    assertEquals(
        List.of(
            "ZERO='0' is not a positive whole number",
            "NEG='-2' is not a positive whole number",
            "WORD='ten' is not a positive whole number"),
        problems(env));
  }

  @Test
  void fraction_acceptsTheClosedUnitInterval_refusesOutsideAndWords() {
    Env env =
        new Env(
            Map.of(
                "LOW", "0", "HIGH", "1", "MID", " 0.25 ", "OVER", "1.01", "UNDER", "-0.01", "WORD",
                "half"));

    assertEquals(
        List.of(0.0, 1.0, 0.25, 0.5, 0.5, 0.5, 0.75),
        readEach(
            env,
            (e, n) -> e.fraction(n, n.equals("ABSENT") ? 0.75 : 0.5),
            "LOW",
            "HIGH",
            "MID",
            "OVER",
            "UNDER",
            "WORD",
            "ABSENT"));
    assertEquals(
        List.of(
            "OVER='1.01' is not a fraction between 0 and 1",
            "UNDER='-0.01' is not a fraction between 0 and 1",
            "WORD='half' is not a fraction between 0 and 1"),
        problems(env));
  }

  @Test
  void zone_setValueWins_blankTakesTheDefault() {
    Env env = new Env(Map.of("TZ", "Europe/Paris", "BLANK", "  "));

    assertEquals(ZoneId.of("Europe/Paris"), env.zone("TZ", "Asia/Tokyo"));
    assertEquals(ZoneId.of("Asia/Tokyo"), env.zone("BLANK", "Asia/Tokyo"));
    env.check();
  }

  @Test
  void baseUri_dropsOneTrailingSlash_andKeepsAValidValueAsGiven() {
    Env env = new Env(Map.of("A", "gs://bucket/dir/", "B", "file:///tmp/x"));

    assertEquals("gs://bucket/dir", env.baseUri("A", Set.of("gs", "file"), null));
    assertEquals("file:///tmp/x", env.baseUri("B", Set.of("gs", "file"), null));
    assertEquals("gs://default", env.baseUri("ABSENT", Set.of("gs"), "gs://default"));
    env.check();
  }

  @Test
  void baseUri_requiredAndMissing_isNamedAndNull() {
    Env env = new Env(Map.of());

    assertNull(env.baseUri("URI", Set.of("gs"), null));
    assertEquals(List.of("URI is not set"), problems(env));
  }

  @Test
  void baseUri_withCredentials_isRefusedWithoutEchoingThem() {
    Env env = new Env(Map.of("DB", "https://db.example.com/?auth=SECRET"));

    assertNull(env.baseUri("DB", Set.of("https"), null));

    assertEquals(
        List.of(
            "DB='https://db.example.com/?***' may carry a credential (user info, a query string or"
                + " a fragment); settings never hold credentials"),
        problems(env));
  }

  @Test
  void anyReader_refusesACredentialOnce_andTakesNoDefaultForIt() {
    Env env = new Env(Map.of("N", " //u:SECRET@host", "Z", "x?auth=SECRET"));

    assertNull(env.required("N"));
    assertEquals(7, env.positiveLong("N", 7));
    env.zone("Z", "Asia/Tokyo");

    List<String> problems = problems(env);
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("N=' //***@host' may carry a credential"), problems.get(0));
    assertTrue(problems.get(1).startsWith("Z='x?***' may carry a credential"), problems.get(1));
  }

  @Test
  void requiredEmail_keepsTheAddress_andIsNamedWhenMissing() {
    Env env = new Env(Map.of("SA", "nb@p.iam.gserviceaccount.com"));

    assertEquals("nb@p.iam.gserviceaccount.com", env.requiredEmail("SA"));
    assertNull(env.requiredEmail("OTHER"));

    assertEquals(List.of("OTHER is not set"), problems(env));
    assertEquals(Set.of("SA", "OTHER"), env.read());
  }

  @Test
  void shown_quotesPlainValues_hidesWhatCanCarryCredentials() {
    assertEquals("'gs://bucket/dir'", Env.shown("gs://bucket/dir"));
    assertEquals("'***@example.com'", Env.shown("me@example.com"));
    assertEquals("'what?***'", Env.shown("what?"));
    assertEquals("'https://***@db.example'", Env.shown("https://u:SECRET@db.example"));
  }

  @Test
  void read_namesEveryVariableAskedFor_setOrNot() {
    Env env = new Env(Map.of("SET", "x"));
    env.optional("SET", "d");
    env.optional("UNSET", "d");
    env.positiveLong("COUNT", 1);

    assertEquals(Set.of("SET", "UNSET", "COUNT"), env.read());
  }

  @Test
  void problem_fromACallerIsReportedWithTheOthers() {
    Env env = new Env(Map.of());
    env.required("NEEDED");
    env.problem("CUSTOM is wrong");

    assertEquals(List.of("NEEDED is not set", "CUSTOM is wrong"), problems(env));
  }
}

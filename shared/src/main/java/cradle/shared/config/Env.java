package cradle.shared.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads settings from an environment map, collecting every problem instead of stopping at the
 * first. Components read what they need, then {@link #check()} reports all problems together. An
 * absent variable may take a documented default; a present but malformed one never does.
 *
 * <p>No setting carries a credential (the functions authenticate as their service accounts): a
 * value with user info, a query string or a fragment ({@link Redactor}) is refused here, for every
 * variable read, so no later message can echo one.
 */
public final class Env {
  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> read = new TreeSet<>();
  private final Set<String> refused = new TreeSet<>();

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public String required(String name) {
    String v = raw(name);
    if (v == null && !refused.contains(name)) {
      problems.add(name + " is not set");
    }
    return v;
  }

  /**
   * A required e-mail address (a service account): its '@' separates a name from a domain and is
   * not taken for user info. The caller checks the address's form.
   */
  public String requiredEmail(String name) {
    read.add(name);
    String v = vars.get(name);
    if (v == null || v.isBlank()) {
      problems.add(name + " is not set");
      return null;
    }
    return v;
  }

  public String optional(String name, String absent) {
    String v = raw(name);
    return v == null ? absent : v;
  }

  public long positiveLong(String name, long absent) {
    return number(name, absent, Long::parseLong, n -> n > 0, "a positive whole number");
  }

  public double fraction(String name, double absent) {
    return number(
        name, absent, Double::parseDouble, d -> d >= 0 && d <= 1, "a fraction between 0 and 1");
  }

  /**
   * {@code name} as {@code parse} reads it, or {@code absent} when unset; a value it refuses, or
   * one outside {@code range}, is a problem saying it is not {@code what}.
   */
  private <T> T number(
      String name, T absent, Function<String, T> parse, Predicate<T> range, String what) {
    String v = raw(name);
    if (v == null) {
      return absent;
    }
    try {
      T n = parse.apply(v.trim());
      if (range.test(n)) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + "=" + shown(v) + " is not " + what);
    return absent;
  }

  public ZoneId zone(String name, String absent) {
    String v = optional(name, absent);
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      problems.add(name + "=" + shown(v) + " is not a time zone (e.g. Asia/Tokyo)");
      return ZoneId.of(absent);
    }
  }

  /** A base URI with one of the given schemes, without a trailing slash. */
  public String baseUri(String name, Set<String> schemes, String absent) {
    String v = absent == null ? required(name) : optional(name, absent);
    if (v == null) {
      return null;
    }
    try {
      URI uri = new URI(v);
      if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
        problems.add(
            name
                + "="
                + shown(v)
                + " must start with "
                + schemes.stream()
                    .sorted()
                    .map(x -> x + "://")
                    .collect(Collectors.joining(" or ")));
      }
    } catch (URISyntaxException e) {
      problems.add(name + "=" + shown(v) + " is not a URI: " + e.getReason());
    }
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  /** A value as it may appear in a log line: quoted, with what can carry a credential hidden. */
  public static String shown(String value) {
    return Redactor.shown(value);
  }

  /** Records a problem found by a caller's own check. */
  public void problem(String text) {
    problems.add(text);
  }

  /** Throws one {@link ConfigException} naming every problem seen so far. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /**
   * A variable that must not be set here: not a setting of this function (so not among {@link
   * #read()}), but one a library would obey by itself.
   */
  public void mustBeUnset(String name, String why) {
    String v = vars.get(name);
    if (v != null && !v.isBlank()) {
      problems.add(name + "=" + shown(v) + " is set: " + why);
    }
  }

  /** Every variable asked for so far, set or not: what a function reads. */
  public Set<String> read() {
    return Set.copyOf(read);
  }

  /** The value, or null when absent, blank or refused as credential-bearing. */
  private String raw(String name) {
    read.add(name);
    String v = vars.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (Redactor.mayCarryCredential(v)) {
      if (refused.add(name)) {
        problems.add(
            name
                + "="
                + shown(v)
                + " may carry a credential (user info, a query string or a fragment);"
                + " settings never hold credentials");
      }
      return null;
    }
    return v;
  }
}

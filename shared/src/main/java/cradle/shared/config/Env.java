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
import java.util.stream.Collectors;

/**
 * Reads settings from an environment map, collecting every problem instead of stopping at the
 * first. Components read what they need, then {@link #check()} reports all problems together. An
 * absent variable may take a documented default; a present but malformed one never does.
 */
public final class Env {
  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> read = new TreeSet<>();

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public String required(String name) {
    String v = raw(name);
    if (v == null) {
      problems.add(name + " is not set");
    }
    return v;
  }

  public String optional(String name, String absent) {
    String v = raw(name);
    return v == null ? absent : v;
  }

  public long positiveLong(String name, long absent) {
    String v = raw(name);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + "=" + shown(v) + " is not a positive whole number");
    return absent;
  }

  public double fraction(String name, double absent) {
    String v = raw(name);
    if (v == null) {
      return absent;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + "=" + shown(v) + " is not a fraction between 0 and 1");
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
      if (uri.getRawUserInfo() != null
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        problems.add(name + " must not have user info, a query string or a fragment");
      } else if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
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

  /**
   * A value as it may appear in a log line: quoted, unless it is a URL that can carry credentials
   * (user info, a query string such as {@code ?auth=...}, or a fragment), which is never echoed.
   */
  public static String shown(String value) {
    if (value.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*:.*")
        && (value.indexOf('@') >= 0 || value.indexOf('?') >= 0 || value.indexOf('#') >= 0)) {
      return "(value not shown: a URL with user info, a query string or a fragment may carry"
          + " credentials)";
    }
    return "'" + value + "'";
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

  /** Every variable asked for so far, set or not: what a function reads. */
  public Set<String> read() {
    return Set.copyOf(read);
  }

  private String raw(String name) {
    read.add(name);
    String v = vars.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}

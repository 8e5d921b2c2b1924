package cradle.shared.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides how a setting's value may be shown: the parts of a value that can
 * carry a credential are replaced by {@value #HIDDEN}, whatever the spelling. Those parts are user
 * info ({@code https://u:pw@host}, {@code gs://u:pw@b}, {@code //u:pw@host}, {@code
 * u:pw@host:9000}), a query string ({@code ?auth=...}, a signed URL's signature) and a fragment,
 * with or without a scheme and with any surrounding whitespace. Everything a function logs, reports
 * as a run event or throws about a setting goes through {@link #shown}.
 */
public final class Redactor {
  public static final String HIDDEN = "***";

  /** A scheme and "//", or "//" alone: an authority follows, and a password may hold a '/'. */
  private static final Pattern AUTHORITY_PREFIX =
      Pattern.compile("^\\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//");

  private Redactor() {}

  /** {@code value} with its user info, query string and fragment hidden. */
  public static String redact(String value) {
    int cut = firstOf(value, "?#");
    String head = cut < 0 ? value : value.substring(0, cut);
    String tail = cut < 0 ? "" : value.charAt(cut) + HIDDEN;
    return hideUserInfo(head) + tail;
  }

  /** Whether {@link #redact} hides anything: the value may carry a credential. */
  public static boolean mayCarryCredential(String value) {
    return !redact(value).equals(value);
  }

  /** The value as a log line may hold it: quoted and redacted. */
  public static String shown(String value) {
    return "'" + redact(value) + "'";
  }

  private static String hideUserInfo(String head) {
    Matcher prefix = AUTHORITY_PREFIX.matcher(head);
    int start;
    int end;
    if (prefix.find()) {
      start = prefix.end();
      if (start < head.length() && head.charAt(start) == '/') {
        return head; // file:///path: no authority, an '@' is part of a path
      }
      // a password may hold a '/' its owner forgot to escape: the last '@' ends the user info
      end = head.length();
    } else {
      start = firstNonBlank(head);
      if (start == head.length() || "/.~".indexOf(head.charAt(start)) >= 0) {
        return head; // a path: an '@' in it is a file name's
      }
      // no scheme (an emulator's host, "x.firebaseio.com"): the authority ends at the first '/'
      int slash = head.indexOf('/', start);
      end = slash < 0 ? head.length() : slash;
    }
    int at = head.lastIndexOf('@', end - 1);
    if (at < start) {
      return head;
    }
    return head.substring(0, start) + HIDDEN + head.substring(at);
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int firstNonBlank(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}

package cradle.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  /** Every spelling issue 18 found leaking, and their neighbours. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://u:SECRET@x.firebaseio.com|https://***@x.firebaseio.com",
        "' https://u:SECRET@x.firebaseio.com'|' https://***@x.firebaseio.com'",
        "'https://u:SECRET@x.firebaseio.com\t'|'https://***@x.firebaseio.com\t'",
        "x.firebaseio.com?auth=SECRET|x.firebaseio.com?***",
        "//u:SECRET@host/db|//***@host/db",
        "' gs://u:SECRET@b'|' gs://***@b'",
        "gs://b/notebook.ipynb#SECRET|gs://b/notebook.ipynb#***",
        "u:SECRET@host:9000|***@host:9000",
        "SECRET@host|***@host",
        "https://u:SEC/RET@x|https://***@x",
        "HTTPS://u:SECRET@x/?a=b|HTTPS://***@x/?***",
        "https://x/?email=a@b&auth=SECRET|https://x/?***",
        "https:\\\\u:SECRET@x|***@x",
        "https://storage.googleapis.com/b/o?X-Goog-Signature=SECRET|https://storage.googleapis.com/b/o?***"
      })
  void redact_hidesEveryCredentialPart(String value, String redacted) {
    assertEquals(redacted, Redactor.redact(value));
    assertTrue(Redactor.mayCarryCredential(value));
    assertFalse(Redactor.shown(value).contains("SECRET"), Redactor.shown(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gs://cradle-artifacts",
        "file:///home/me/cradle-out/gcs/cradle-artifacts",
        "file:///Users/me/GoogleDrive-me@example.com/cradle",
        "/Users/me/GoogleDrive-me@example.com/cradle/warehouse.duckdb",
        "./out@home/x",
        "127.0.0.1:9000",
        "https://my-project-default-rtdb.firebaseio.com",
        "Asia/Tokyo",
        "user_id/baby_id",
        "0.2",
        ""
      })
  void redact_leavesValuesWithoutCredentials(String value) {
    assertEquals(value, Redactor.redact(value));
    assertFalse(Redactor.mayCarryCredential(value));
    assertEquals("'" + value + "'", Redactor.shown(value));
  }

  /** java.net.URI as the oracle: what it parses as user info, query or fragment is never shown. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:pw-1@db.firebaseio.com/",
        "gs://svc:pw-2@bucket/notebooks/t.ipynb",
        "file://me:pw-3@host/dir",
        "http://h:1/p?auth=pw-4",
        "http://h/p#pw-5",
        "ftp://a%40b:pw-6@h/",
        "//user:pw-7@h",
        "http://u:pw-8@h?q=pw-9#pw-10"
      })
  void redact_hidesWhatJavaNetUriCallsUserInfoQueryOrFragment(String value) throws Exception {
    URI uri = new URI(value);
    String redacted = Redactor.redact(value);
    for (String part :
        List.of(raw(uri.getRawUserInfo()), raw(uri.getRawQuery()), raw(uri.getRawFragment()))) {
      assertFalse(!part.isEmpty() && redacted.contains(part), redacted + " shows " + part);
    }
    assertTrue(Redactor.mayCarryCredential(value));
  }

  private static String raw(String part) {
    return part == null ? "" : part;
  }
}

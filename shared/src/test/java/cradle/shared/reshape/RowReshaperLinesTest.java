package cradle.shared.reshape;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.reshape.RowRejectedException.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A block of JSON Lines as a careless family's export would have it: what each line becomes. */
class RowReshaperLinesTest {
  private final RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1);

  private static String row(String user) {
    return "{\"user_id\":\"" + user + "\",\"baby_id\":\"b\",\"x\":1}";
  }

  private List<String> lines(String text, long firstLine) {
    List<String> seen = new ArrayList<>();
    byte[] padded = ("PAD" + text + "PAD").getBytes(UTF_8);
    reshaper.reshapeLines(
        padded,
        3,
        padded.length - 6,
        firstLine,
        new RowReshaper.LineSink() {
          @Override
          public void row(KeyedRow r, long line) {
            seen.add(line + " row " + r.keys() + " " + r.valueText());
          }

          @Override
          public void rejected(RowRejectedException e, long line) {
            String message = e.getMessage();
            seen.add(
                line
                    + " rejected "
                    + e.reason()
                    + " "
                    + (message.startsWith("not valid JSON") ? "not valid JSON" : message));
          }
        });
    return seen;
  }

  @Test
  void reshapeLines_badLinesAreRejectedAlone_numberedFromTheBlocksFirstLine() {
    String text =
        String.join(
            "\n",
            row("u1"),
            "oops",
            "",
            "[1]",
            row("u5") + " " + row("u5b"),
            row("u6") + " trailing",
            "{oops",
            row("u8"));

    assertEquals(
        List.of(
            "10 row [u1, b] {\"x\":1}",
            "11 rejected NOT_JSON_OBJECT not valid JSON",
            "13 rejected NOT_JSON_OBJECT row is not a JSON object",
            "14 rejected NOT_JSON_OBJECT more than one JSON value",
            "15 rejected NOT_JSON_OBJECT not valid JSON",
            "16 rejected NOT_JSON_OBJECT not valid JSON",
            "17 row [u8, b] {\"x\":1}"),
        lines(text, 10));
  }

  @Test
  void reshapeLines_aRejectedRow_doesNotLeakIntoTheNext() {
    String text =
        String.join(
            "\n",
            "{\"user_id\":\"u\",\"baby_id\":\"b\",\"a\":{\"b\":{\"c$\":1}}}",
            "{\"user_id\":\"u\",\"baby_id\":\"b\",\"d$\":1}",
            "{\"user_id\":\"u\",\"baby_id\":\"b\",\"a\":{\"b\":[1,{\"e\":2}]}}");

    assertEquals(
        List.of(
            "1 rejected INVALID_KEY field a.b.key 'c$' contains '$'",
            "2 rejected INVALID_KEY field key 'd$' contains '$'",
            "3 row [u, b] {\"a\":{\"b\":[1,{\"e\":2}]}}"),
        lines(text, 1));
  }

  @Test
  void reshape_badNameInsideAnArray_isNamedByItsIndex() {
    RowRejectedException e =
        assertThrows(
            RowRejectedException.class,
            () ->
                reshaper.reshape(
                    "{\"user_id\":\"u\",\"baby_id\":\"b\",\"arr\":[1,{\"ok\":1},{\"x$\":1}]}"));

    assertEquals("field arr.2.key 'x$' contains '$'", e.getMessage());
  }

  @Test
  void reshape_nullFirstInAnArray_keepsItsPlace() throws Exception {
    assertEquals(
        "{\"g\":[null,1]}",
        reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"g\":[null,1]}").valueText());
  }

  @Test
  void reshape_nestedArrays_countTowardsTheDepthLimit() throws Exception {
    String fits = "[".repeat(28) + "1" + "]".repeat(28);
    String deep = "[".repeat(29) + "1" + "]".repeat(29);

    assertEquals(
        "{\"v\":" + fits + "}",
        reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"v\":" + fits + "}").valueText());
    RowRejectedException e =
        assertThrows(
            RowRejectedException.class,
            () -> reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"v\":" + deep + "}"));
    assertEquals(Reason.TOO_DEEP, e.reason());
    assertTrue(e.getMessage().endsWith(" lies 33 levels deep (limit 32)"), e.getMessage());
  }

  @Test
  void reshape_keys_wholeNumbersInAnySpellingAreText_otherTypesAreNamed() throws Exception {
    assertEquals(
        List.of("7", "100"), reshaper.reshape("{\"user_id\":7,\"baby_id\":1e2,\"x\":1}").keys());
    assertEquals(
        List.of("u", "7"), reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":7.0,\"x\":1}").keys());
    for (String[] c :
        new String[][] {
          {"true", "got true"},
          {"null", "got null"},
          {"[1]", "got an array"},
          {"{\"a\":1}", "got an object"},
          {"1.5", "got 1.5"}
        }) {
      RowRejectedException e =
          assertThrows(
              RowRejectedException.class,
              () -> reshaper.reshape("{\"user_id\":" + c[0] + ",\"baby_id\":\"b\",\"x\":1}"));
      assertEquals(Reason.INVALID_KEY, e.reason(), c[0]);
      assertEquals("user_id: must be a string or whole number, " + c[1], e.getMessage());
    }
  }

  @Test
  void reshape_exponentsBeyondADouble_areRejected_inEitherCase() throws Exception {
    for (String n : List.of("1e400", "1E400", "-2.5e309")) {
      RowRejectedException e =
          assertThrows(
              RowRejectedException.class,
              () -> reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"n\":" + n + "}"));
      assertEquals("field n. is a number out of range: " + n, e.getMessage());
    }
    assertEquals(
        "{\"n\":1E300}",
        reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"n\":1E300}").valueText());
  }
}

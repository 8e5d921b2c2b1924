package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paired input/expected fixtures under src/test/resources/reshape. */
class ReshapeGoldenTest {
  private static final KeyPath USER_BABY = KeyPath.parse("user_id/baby_id");

  private static String tree(String fixture, Rejections rejections) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in =
            ReshapeGoldenTest.class.getResourceAsStream("/reshape/" + fixture + ".input.jsonl");
        TreeWriter tree = new TreeWriter(out, USER_BABY)) {
      JsonlRows.stream(in, fixture, new RowReshaper(USER_BABY, 0), rejections, tree::add);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String expected(String fixture) throws IOException {
    try (InputStream in =
        ReshapeGoldenTest.class.getResourceAsStream("/reshape/" + fixture + ".expected.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void families_keyedByUserThenBaby_nullsDropped_unicodeKept() throws IOException {
    Rejections rejections = new Rejections();

    String tree = tree("families", rejections);

    assertEquals(JsonParser.parseString(expected("families")), JsonParser.parseString(tree));
    assertEquals(0, rejections.total());
  }

  @Test
  void rejected_badRowsCountedByReason_goodRowsKept() throws IOException {
    Rejections rejections = new Rejections();

    String tree = tree("rejected", rejections);

    assertEquals(JsonParser.parseString(expected("rejected")), JsonParser.parseString(tree));
    assertEquals(
        Map.of(
            "invalid key",
            3L,
            "missing key field",
            1L,
            "not a JSON object",
            3L,
            "value the database cannot hold",
            1L),
        rejections.countsByReason());
    assertEquals("rejected line 2: user_id: key 'a/b' contains '/'", rejections.examples().get(0));
    assertEquals(
        "8 rows rejected (3 not a JSON object, 1 missing key field, 3 invalid key, 1 value the"
            + " database cannot hold); first: rejected line 2: user_id: key 'a/b' contains '/'",
        rejections.summary());
  }
}

package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowReshaperTest {
  private final RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1);

  @Test
  void reshape_removesKeyFieldsFromTheValue() throws Exception {
    KeyedRow row = reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"x\":{\"y\":[1,2]}}");

    assertEquals(List.of("u", "b"), row.keys());
    assertEquals("{\"x\":{\"y\":[1,2]}}", row.valueText());
  }

  @Test
  void reshape_dropsNullsAndEmptyContainers_keepsOriginalNumberText() throws Exception {
    KeyedRow row =
        reshaper.reshape(
            "{\"user_id\":\"u\",\"baby_id\":\"b\",\"a\":null,\"b\":{},\"c\":[],\"d\":{\"e\":null,\"f\":{}},\"g\":[1,null,{\"h\":null}],\"n\":1.50e2,\"s\":\"\\u00e9\\n"
                + "\"}");

    assertEquals("{\"g\":[1,null],\"n\":1.50e2,\"s\":\"é\\n\"}", row.valueText());
  }

  @Test
  void reshape_onlyKeys_isRejected() {
    assertEquals(
        RowRejectedException.Reason.INVALID_VALUE,
        assertThrows(
                RowRejectedException.class,
                () -> reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"x\":null}"))
            .reason());
  }

  @Test
  void reshape_wholeNumberTooLargeForADouble_isRejected_theLargestThatFitsIsKept()
      throws Exception {
    String huge = "1" + "0".repeat(400); // 401 digits: Infinity as a double
    String fits = "9".repeat(308); // about 1e308, still finite

    RowRejectedException e =
        assertThrows(
            RowRejectedException.class,
            () -> reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"n\":" + huge + "}"));

    assertEquals(RowRejectedException.Reason.INVALID_VALUE, e.reason());
    assertEquals(true, e.getMessage().contains("out of range"), e.getMessage());
    assertEquals(
        "{\"n\":" + fits + "}",
        reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"n\":" + fits + "}").valueText());
  }

  @Test
  void reshape_stringOver10MbOfUtf8_isRejected_exactly10MbIsKept() throws Exception {
    int limit = DatabaseKeys.MAX_STRING_BYTES;
    String fits = "é".repeat(limit / 2); // 2 bytes each: exactly the limit
    String over = "é".repeat(limit / 2) + "x";

    RowRejectedException e =
        assertThrows(
            RowRejectedException.class,
            () -> reshaper.reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"s\":\"" + over + "\"}"));

    assertEquals(RowRejectedException.Reason.INVALID_VALUE, e.reason());
    assertEquals(
        "field s is a string of 10485761 bytes, more than the database holds (10485760)",
        e.getMessage());
    assertEquals(
        limit + 8,
        reshaper
            .reshape("{\"user_id\":\"u\",\"baby_id\":\"b\",\"s\":\"" + fits + "\"}")
            .valueText()
            .getBytes(StandardCharsets.UTF_8)
            .length);
  }

  @Test
  void reshape_nodeOverOneWrite_isRejected() {
    String nineMb = "x".repeat(9 * 1024 * 1024);
    String row =
        "{\"user_id\":\"u\",\"baby_id\":\"b\",\"a\":\"" + nineMb + "\",\"b\":\"" + nineMb + "\"}";

    RowRejectedException e = assertThrows(RowRejectedException.class, () -> reshaper.reshape(row));

    assertEquals(RowRejectedException.Reason.INVALID_VALUE, e.reason());
    assertEquals(
        "the node is 18874383 bytes, more than one database write holds (16777216)",
        e.getMessage());
  }

  @Test
  void reshape_tooDeep_isRejectedWithTheLimit() {
    String deep = "{\"a\":".repeat(30) + "1" + "}".repeat(30);
    String row = "{\"user_id\":\"u\",\"baby_id\":\"b\",\"v\":" + deep + "}";

    RowRejectedException e = assertThrows(RowRejectedException.class, () -> reshaper.reshape(row));

    assertEquals(RowRejectedException.Reason.TOO_DEEP, e.reason());
    assertEquals(true, e.getMessage().endsWith("lies 33 levels deep (limit 32)"), e.getMessage());
  }

  @Test
  void reshape_fractionalOrObjectKey_isInvalid() {
    assertEquals(
        RowRejectedException.Reason.INVALID_KEY,
        assertThrows(
                RowRejectedException.class,
                () -> reshaper.reshape("{\"user_id\":1.5,\"baby_id\":\"b\"}"))
            .reason());
    assertEquals(
        RowRejectedException.Reason.INVALID_KEY,
        assertThrows(
                RowRejectedException.class,
                () -> reshaper.reshape("{\"user_id\":{},\"baby_id\":\"b\"}"))
            .reason());
  }

  @Test
  void chunker_staysUnderBudget_andKeepsEveryRow() throws IOException {
    List<UpdateChunk> chunks = new ArrayList<>();
    UpdateChunker chunker = new UpdateChunker("reports", 1_000, chunks::add);
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      input
          .append("{\"user_id\":\"u")
          .append(i)
          .append("\",\"baby_id\":\"b\",\"pad\":\"")
          .append("x".repeat(50))
          .append("\"}\n");
    }

    long rows =
        JsonlRows.stream(
            new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
            "t",
            reshaper,
            new Rejections(),
            (row, line) -> chunker.add(row));
    chunker.finish();

    assertEquals(100, rows);
    assertEquals(100, chunks.stream().mapToInt(c -> c.asMap().size()).sum());
    assertEquals(100, chunks.stream().mapToInt(UpdateChunk::paths).sum());
    assertEquals(chunks.size(), chunker.chunks());
    for (UpdateChunk chunk : chunks) {
      assertEquals(true, chunk.json().length <= 1_000, "chunk of " + chunk.json().length);
    }
    assertEquals(
        JsonParser.parseString("{\"pad\":\"" + "x".repeat(50) + "\"}"),
        chunks.get(0).asMap().get("reports/u0/b"));
  }

  @Test
  void treeWriter_ungroupedOrDuplicate_isAnErrorNamingTheLine() throws Exception {
    TreeWriter tree = new TreeWriter(new ByteArrayOutputStream(), KeyPath.parse("user_id/baby_id"));
    RowReshaper r = new RowReshaper(KeyPath.parse("user_id/baby_id"), 0);
    tree.add(r.reshape("{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"v\":1}"), 1);
    tree.add(r.reshape("{\"user_id\":\"u2\",\"baby_id\":\"b1\",\"v\":1}"), 2);

    IllegalArgumentException back =
        assertThrows(
            IllegalArgumentException.class,
            () -> tree.add(r.reshape("{\"user_id\":\"u1\",\"baby_id\":\"b2\",\"v\":1}"), 3));
    TreeWriter other =
        new TreeWriter(new ByteArrayOutputStream(), KeyPath.parse("user_id/baby_id"));
    other.add(r.reshape("{\"user_id\":\"u2\",\"baby_id\":\"b1\",\"v\":1}"), 1);
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () -> other.add(r.reshape("{\"user_id\":\"u2\",\"baby_id\":\"b1\",\"v\":1}"), 4));

    assertEquals(
        "line 3: 'u1' appears again after other keys; sort the rows by the key path",
        back.getMessage());
    assertEquals("line 4: duplicate key path u2/b1", dup.getMessage());
  }

  @Test
  void treeWriter_largeInput_streamsEveryRow() throws Exception {
    KeyPath keys = KeyPath.parse("user_id/baby_id");
    RowReshaper r = new RowReshaper(keys, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int users = 20_000;
    try (TreeWriter tree = new TreeWriter(out, keys)) {
      for (int u = 0; u < users; u++) {
        for (int b = 1; b <= 2; b++) {
          tree.add(
              r.reshape(
                  "{\"user_id\":\"user" + u + "\",\"baby_id\":\"b" + b + "\",\"n\":" + u + "}"),
              u);
        }
      }
    }

    var root = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(users, root.size());
    assertEquals(
        19_999, root.getAsJsonObject("user19999").getAsJsonObject("b2").get("n").getAsInt());
  }
}

package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowRejectedException;
import cradle.shared.reshape.RowReshaper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The report contract, as publish applies it to each row. */
class ReportSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPath KEYS = KeyPath.parse("user_id/baby_id");
  private static final ReportSchema CONTRACT = ReportSchema.load(KEYS);

  private static ObjectNode valid() throws Exception {
    try (InputStream in = ReportSchemaTest.class.getResourceAsStream("/report/valid.report.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static String broken(Consumer<ObjectNode> change) throws Exception {
    ObjectNode r = valid();
    change.accept(r);
    return JSON.writeValueAsString(r);
  }

  private static void check(String row) throws RowRejectedException {
    CONTRACT.check(new RowReshaper(KEYS, 1).reshape(row));
  }

  @Test
  void aNotebookReport_keepsTheContract() throws Exception {
    check(JSON.writeValueAsString(valid()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "count as a fraction",
        "unknown status",
        "missing section",
        "unknown field",
        "flag without its sentence",
        "13 days",
        "sentence without Japanese"
      })
  void aRowThatBreaksTheContract_isRejected(String how) throws Exception {
    String row =
        broken(
            r -> {
              switch (how) {
                case "count as a fraction" -> ((ObjectNode) r.get("today")).put("feeds", 4.5);
                case "unknown status" -> ((ObjectNode) r.get("sleep_norm")).put("status", "low");
                case "missing section" -> r.remove("excluded");
                case "unknown field" -> r.put("sleep_change", -0.2);
                case "flag without its sentence" -> r.remove("flag_texts");
                case "13 days" -> ((ArrayNode) r.get("days")).remove(0);
                case "sentence without Japanese" -> ((ObjectNode) r.get("summary")).remove("ja");
                default -> throw new IllegalArgumentException(how);
              }
            });

    RowRejectedException e = assertThrows(RowRejectedException.class, () -> check(row));

    assertEquals(RowRejectedException.Reason.BREAKS_CONTRACT, e.reason());
    assertTrue(e.getMessage().startsWith("$"), e.getMessage());
  }

  @Test
  void reshapedRows_thatBreakTheContract_areRejectedAndCounted_theRestPass() throws Exception {
    String good = JSON.writeValueAsString(valid());
    String bad = broken(r -> ((ObjectNode) r.get("today")).put("sleep_min", "long"));
    byte[] input =
        String.join("\n", good, bad, good.replace("\"baby-", "\"twin-"))
            .getBytes(StandardCharsets.UTF_8);
    Rejections rejections = new Rejections();
    List<List<String>> accepted = new ArrayList<>();

    long n =
        JsonlRows.stream(
            new ByteArrayInputStream(input),
            "report.jsonl",
            () -> new RowReshaper(KEYS, 1, CONTRACT),
            2,
            rejections,
            (row, line) -> accepted.add(row.keys()));

    assertEquals(2, n);
    assertEquals(Map.of("breaks the report schema", 1L), rejections.countsByReason());
    assertTrue(
        rejections.examples().get(0).startsWith("report.jsonl line 2: $.today.sleep_min"),
        rejections.examples().toString());
  }

  @Test
  void aRejection_namesThreeProblems_andCountsTheRestOnlyWhenThereAreMore() throws Exception {
    String three = broken(r -> r.remove(List.of("today", "days", "summary")));
    String four = broken(r -> r.remove(List.of("today", "days", "summary", "excluded")));

    String threeMessage = assertThrows(RowRejectedException.class, () -> check(three)).getMessage();
    String fourMessage = assertThrows(RowRejectedException.class, () -> check(four)).getMessage();

    assertEquals(3, threeMessage.split("; ").length, threeMessage);
    assertTrue(!threeMessage.contains("problems)"), threeMessage);
    assertEquals(3, fourMessage.split("; ").length, fourMessage);
    assertTrue(fourMessage.endsWith(" (4 problems)"), fourMessage);
  }
}

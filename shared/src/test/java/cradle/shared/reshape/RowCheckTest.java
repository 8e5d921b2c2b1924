package cradle.shared.reshape;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A contract check sees only rows that reshaped cleanly; a row it refuses is rejected alone. */
class RowCheckTest {
  @Test
  void reshapeLines_rowsTheCheckRefuses_areRejectedOnTheirLine_theOthersPass() {
    List<KeyedRow> checked = new ArrayList<>();
    RowCheck noSecondBaby =
        row -> {
          checked.add(row);
          if (row.keys().get(1).equals("b2")) {
            throw new RowRejectedException(
                RowRejectedException.Reason.BREAKS_CONTRACT, "b2 has no name");
          }
        };
    RowReshaper reshaper = new RowReshaper(KeyPath.parse("user_id/baby_id"), 1, noSecondBaby);
    byte[] data =
        String.join(
                "\n",
                "{\"user_id\":\"u\",\"baby_id\":\"b1\",\"x\":1}",
                "{\"user_id\":\"u\",\"baby_id\":\"b2\",\"x\":1}",
                "not json",
                "{\"user_id\":\"u\",\"baby_id\":\"b3\",\"x\":1}")
            .getBytes(UTF_8);
    List<String> seen = new ArrayList<>();

    reshaper.reshapeLines(
        data,
        0,
        data.length,
        1,
        new RowReshaper.LineSink() {
          @Override
          public void row(KeyedRow row, long line) {
            seen.add(line + " row " + row.keys().get(1));
          }

          @Override
          public void rejected(RowRejectedException e, long line) {
            seen.add(line + " rejected " + e.reason());
          }
        });

    assertEquals(
        List.of("1 row b1", "2 rejected BREAKS_CONTRACT", "3 rejected NOT_JSON_OBJECT", "4 row b3"),
        seen);
    assertEquals(3, checked.size());
  }
}

package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cradle.shared.reshape.RowRejectedException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RejectionsTest {
  @Test
  void add_countsEveryRow_keepsTheFirstFiveAsExamples() {
    Rejections r = new Rejections();
    for (int line = 1; line <= 6; line++) {
      r.add("f.jsonl", line, new RowRejectedException(Reason.INVALID_KEY, "bad " + line));
    }
    r.add("g.jsonl", 9, new RowRejectedException(Reason.TOO_DEEP, "deep"));

    assertEquals(7, r.total());
    assertEquals(Map.of("invalid key", 6L, "nested too deep", 1L), r.countsByReason());
    assertEquals(
        List.of(
            "f.jsonl line 1: bad 1",
            "f.jsonl line 2: bad 2",
            "f.jsonl line 3: bad 3",
            "f.jsonl line 4: bad 4",
            "f.jsonl line 5: bad 5"),
        r.examples());
    assertEquals(
        "7 rows rejected (6 invalid key, 1 nested too deep); first: f.jsonl line 1: bad 1",
        r.summary());
    // the first of each reason, even past the five examples
    assertEquals(Optional.of("g.jsonl line 9: deep"), r.first(Reason.TOO_DEEP));
    assertEquals(Optional.empty(), r.first(Reason.BREAKS_CONTRACT));
  }

  @Test
  void summary_oneRow_isSingular() {
    Rejections r = new Rejections();
    r.add("f", 3, new RowRejectedException(Reason.MISSING_KEY, "row has no 'baby_id'"));

    assertEquals(
        "1 row rejected (1 missing key field); first: f line 3: row has no 'baby_id'", r.summary());
  }
}

package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shard function against the test vectors of docs/sharding.md, which the app team checks its
 * own implementation against. The vectors were printed by the JavaScript the docs give the app
 * (functions/local/src/test/node/shard-of.js, BigInt arithmetic), not by this class.
 */
class ReportShardsTest {
  @ParameterizedTest
  @CsvSource({
    // uid, shard of 2, of 3, of 4, of 16
    "006E7TnPcbQzF4v6kTMMLB9Fsp3c, 0, 0, 0, 5",
    "alice, 1, 1, 1, 12",
    "bob, 1, 1, 1, 8",
    "u1, 0, 2, 3, 3",
    "u2, 1, 1, 1, 1",
    "family-42, 1, 2, 2, 8",
    "ユーザー, 1, 2, 2, 15",
  })
  void of_matchesTheDocumentedVectors(String uid, int of2, int of3, int of4, int of16) {
    assertEquals(0, new ReportShards(1).of(uid));
    assertEquals(of2, new ReportShards(2).of(uid));
    assertEquals(of3, new ReportShards(3).of(uid));
    assertEquals(of4, new ReportShards(4).of(uid));
    assertEquals(of16, new ReportShards(16).of(uid));
  }

  @ParameterizedTest
  @CsvSource({
    // sha256sum of the UTF-8 bytes, first 16 hex digits
    "alice, 2bd806c97f0e00af",
    "ユーザー, 11f06de567b84713",
  })
  void key_isTheFirstEightBytesOfSha256(String uid, String hex) {
    assertEquals(Long.parseUnsignedLong(hex, 16), ReportShards.key(uid));
  }

  /**
   * From N to N+1 instances a family either stays or moves to the new instance, and about 1/(N+1)
   * of them move: a migration copies few families.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7})
  void addingAnInstance_movesOnlyFamiliesToIt_aboutOneInNPlusOne(int n) {
    ReportShards before = new ReportShards(n);
    ReportShards after = new ReportShards(n + 1);
    int families = 20_000;
    int moved = 0;
    for (int i = 0; i < families; i++) {
      String uid = "family-" + i;
      int was = before.of(uid);
      int is = after.of(uid);
      if (was != is) {
        assertEquals(n, is, uid + " moved from " + was + " to an old instance " + is);
        moved++;
      }
    }
    double expected = families / (n + 1.0);
    assertTrue(Math.abs(moved - expected) < 0.05 * expected, moved + " moved, not ~" + expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 16})
  void familiesSpreadEvenly(int n) {
    ReportShards shards = new ReportShards(n);
    int families = 40_000;
    int[] per = new int[n];
    for (int i = 0; i < families; i++) {
      per[shards.of("u" + i)]++;
    }
    double mean = (double) families / n;
    for (int count : per) {
      // within four standard deviations of a uniform spread (binomial, about sqrt(mean))
      assertTrue(Math.abs(count - mean) < 4 * Math.sqrt(mean), "uneven: " + count);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void aCountBelowOne_isRefused(int count) {
    assertThrows(IllegalArgumentException.class, () -> new ReportShards(count));
  }
}

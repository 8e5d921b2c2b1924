package cradle.local.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import cradle.local.sim.DatabaseLimitException.Limit;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitedDatabaseTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T22:00:00Z"));

  private LimitedDatabase database(WriteSizeLimit limit) {
    return new LimitedDatabase(DatabaseLimits.documented(limit), clock, 1 << 20);
  }

  private static UpdateChunk chunk(String json) {
    return new UpdateChunk(json.getBytes(StandardCharsets.UTF_8), 1);
  }

  /** One node whose JSON (the whole update) is exactly {@code bytes} long. */
  private static UpdateChunk sized(String path, int bytes) {
    String head = "{\"" + path + "\":\"";
    return chunk(head + "x".repeat(bytes - head.length() - 2) + "\"}");
  }

  private static Limit refusal(CompletableFuture<Void> write) {
    ExecutionException e = assertThrows(ExecutionException.class, write::get);
    return assertInstanceOf(DatabaseLimitException.class, e.getCause()).limit();
  }

  @Test
  void aWritePastSixteenMegabytes_isRefusedWhole_evenWhenUnlimited() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.UNLIMITED);
    db.submit(chunk("{\"a\":1}")).get();
    clock.advance(Duration.ofMinutes(1));

    assertEquals(Limit.WRITE_SIZE, refusal(db.submit(sized("a", 16_000_001))));
    assertEquals(1, db.read("a").getAsInt(), "nothing of a refused write is applied");
    clock.advance(Duration.ofMinutes(1));
    db.submit(sized("b", 16_000_000)).get();
    assertEquals(16_000_000 - 6, db.node("b").bytes(), "the value without {\"b\": and }");
  }

  @ParameterizedTest
  @CsvSource({"TINY, 1066666", "SMALL, 10666666", "MEDIUM, 15999999"})
  void theWriteSizeLimit_abortsWritesEstimatedPastItsTarget(WriteSizeLimit limit, int largest)
      throws Exception {
    LimitedDatabase db = database(limit);
    db.submit(sized("ok", largest)).get();
    clock.advance(Duration.ofMinutes(1));

    CompletableFuture<Void> over = db.submit(sized("over", largest + 2));
    if (limit == WriteSizeLimit.MEDIUM) {
      assertEquals(Limit.WRITE_SIZE, refusal(over), "30 s allows more than an SDK write carries");
    } else {
      assertEquals(Limit.WRITE_SIZE_LIMIT_ESTIMATE, refusal(over));
    }
    assertNull(db.node("over"));
  }

  @Test
  void theThousandAndFirstWriteWithinASecond_isRefused_theNextSecondAccepted() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);
    for (int i = 0; i < 1000; i++) {
      db.submit(chunk("{\"n/" + i + "\":" + i + "}")).get();
      clock.advance(Duration.ofNanos(999_000));
    }
    assertEquals(Limit.WRITES_PER_SECOND, refusal(db.submit(chunk("{\"n/late\":1}"))));

    clock.advance(Duration.ofMillis(2)); // the first write is now more than a second old
    db.submit(chunk("{\"n/late\":1}")).get();
    assertEquals(1001, db.count("n"));
    assertEquals(1000, db.stats().peakWritesPerSecond());
    assertEquals(1, db.stats().refused());
  }

  @Test
  void pastSixtyFourMegabytesWithinAMinute_isRefused_untilTheOldestWriteAgesOut() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);
    for (int i = 0; i < 64; i++) {
      db.submit(sized("mb/" + i, 1_000_000)).get();
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(Limit.BYTES_PER_MINUTE, refusal(db.submit(sized("mb/64", 1_000))));

    clock.advance(Duration.ofMillis(28_001)); // the first megabyte was written 60.001 s ago
    db.submit(sized("mb/64", 1_000_000)).get();
    assertEquals(64_000_000, db.stats().peakBytesPerMinute());
    assertEquals(64, db.stats().peakWritesPerMinute());
  }

  @Test
  void aMultiPathUpdate_replacesNodesWhole_andNullOrEmptyDeletes() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);
    db.submit(chunk("{\"r/u1/b1\":{\"a\":1,\"b\":2},\"r/u1/b2\":{\"a\":3},\"r/u2/b1\":[1]}")).get();
    db.submit(chunk("{\"r/u1/b1\":{\"c\":[true,\"x\"]},\"r/u1/b2\":null,\"r/u2/b1\": { } }")).get();

    assertEquals(JsonParser.parseString("{\"u1\":{\"b1\":{\"c\":[true,\"x\"]}}}"), db.read("r"));
    assertNull(db.read("r/u2"));
    String value = "{\"c\":[true,\"x\"]}";
    assertEquals(
        LimitedDatabase.hash(value.getBytes(StandardCharsets.UTF_8), 0, value.length()),
        db.node("r/u1/b1").hash());
  }

  @Test
  void aParentWritten_removesEveryNodeBelowIt() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);
    db.submit(chunk("{\"r/u1/b1\":1,\"r/u1/b2\":2,\"r/u10/b1\":3}")).get();
    db.submit(chunk("{\"r/u1\":null}")).get();

    assertEquals(1, db.count("r"));
    assertEquals(3, db.read("r/u10/b1").getAsInt());
  }

  @Test
  void anInvalidKeyOrMalformedUpdate_isRefusedWhole() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);

    assertThrows(ExecutionException.class, db.submit(chunk("{\"r/ok\":1,\"r/a.b\":2}"))::get);
    assertThrows(ExecutionException.class, db.submit(chunk("{\"r/ok\":1} trailing"))::get);
    assertNull(db.read("r"));
    assertEquals(2, db.stats().refused());
    assertEquals(0, db.stats().writes());
  }

  @Test
  void largeValues_areKeptAsHashes_andSaySoWhenRead() throws Exception {
    LimitedDatabase db =
        new LimitedDatabase(DatabaseLimits.documented(WriteSizeLimit.TINY), clock, 16);
    db.submit(chunk("{\"small\":{\"a\":1},\"big\":{\"text\":\"" + "y".repeat(100) + "\"}}")).get();

    assertEquals(1, db.read("small").getAsJsonObject().get("a").getAsInt());
    assertTrue(
        assertThrows(IllegalStateException.class, () -> db.read("big"))
            .getMessage()
            .contains("more than this target keeps"));
    assertEquals(111, db.node("big").bytes());
  }

  @Test
  void aTransaction_setsOnlyWhenTheChangeSaysSo_andCountsAsAWrite() throws Exception {
    LimitedDatabase db = database(WriteSizeLimit.TINY);
    var taken =
        db.transact(
            "lease", current -> java.util.Optional.of(JsonParser.parseString("{\"run\":\"a\"}")));
    var kept = db.transact("lease", current -> java.util.Optional.empty());

    assertTrue(taken.committed());
    assertEquals(JsonParser.parseString("{\"run\":\"a\"}"), kept.value());
    assertEquals(false, kept.committed());
    assertEquals(1, db.stats().writes());
  }
}

package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import cradle.publish.PublishHarness.Target;
import cradle.shared.RetryLaterException;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The lease on its own, through each database target's compare-and-set. */
class PublishLeaseTest {
  private static final String PATH = "reports_meta_lease";
  private static final Instant NOW = PublishHarness.NOW;

  @TempDir Path dir;

  private static PublishLease lease(ReportSink sink, Instant now) {
    return new PublishLease(sink, PATH, Clock.fixed(now, ZoneOffset.UTC), PublishLease.TERM);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void take_writesTheHolder_renewExtends_closeReleases(Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    ReportSink sink = h.newSink();

    PublishLease.Held held = lease(sink, NOW).take("run-a");

    JsonElement node = h.node(PATH);
    assertEquals("run-a", node.getAsJsonObject().get("run_id").getAsString());
    assertEquals(held.token(), node.getAsJsonObject().get("token").getAsString());
    assertEquals(
        NOW.plus(PublishLease.TERM).toEpochMilli(),
        node.getAsJsonObject().get("expires_at").getAsLong());
    held.renew();
    held.close();
    assertNull(h.node(PATH));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void heldByAnotherRun_orAnotherDeliveryOfTheSameRun_isContended_untilItExpires(Target target)
      throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    PublishLease.Held first = lease(h.newSink(), NOW).take("run-a");

    RetryLaterException other =
        assertThrows(RetryLaterException.class, () -> lease(h.newSink(), NOW).take("run-b"));
    RetryLaterException duplicate =
        assertThrows(RetryLaterException.class, () -> lease(h.newSink(), NOW).take("run-a"));
    Instant expiry = NOW.plus(PublishLease.TERM);
    assertThrows(
        RetryLaterException.class,
        () -> lease(h.newSink(), expiry.minusMillis(1)).take("run-b"),
        "not yet expired");
    PublishLease.Held after = lease(h.newSink(), expiry).take("run-b");

    assertTrue(other.contended() && duplicate.contended());
    assertTrue(other.getMessage().contains("run run-a"), other.getMessage());
    assertEquals("run-b", after.runId());
    RetryLaterException lost = assertThrows(RetryLaterException.class, first::renew);
    assertTrue(lost.getMessage().contains("expired and was taken"), lost.getMessage());
    first.close(); // not the holder any more: leaves the lease alone
    assertEquals("run-b", h.node(PATH).getAsJsonObject().get("run_id").getAsString());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void resume_withTheHoldersToken_keepsTheLease_anotherTokenWaits(Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    PublishLease.Held held = lease(h.newSink(), NOW).take("run-a");
    Instant later = NOW.plus(Duration.ofMinutes(5));

    PublishLease.Held resumed = lease(h.newSink(), later).resume("run-a", held.token());

    assertEquals(later.plus(PublishLease.TERM), resumed.expiresAt());
    assertThrows(
        RetryLaterException.class, () -> lease(h.newSink(), later).resume("run-a", "not-mine"));
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void aNodeThatIsNotALease_protectsNothing(Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    ReportSink sink = h.newSink();
    sink.submit(UpdateChunk.of(Map.of(PATH, JsonParser.parseString("{\"run_id\":\"x\"}")))).get();

    PublishLease.Held held = lease(sink, NOW).take("run-a");

    assertEquals("run-a", held.runId());
    sink.submit(
            UpdateChunk.of(
                Map.of(
                    PATH,
                    JsonParser.parseString(
                        "{\"run_id\":\"x\",\"token\":\"t\",\"expires_at\":\"soon\"}"))))
        .get();
    assertEquals("run-a", lease(sink, NOW).take("run-a").runId());
  }
}

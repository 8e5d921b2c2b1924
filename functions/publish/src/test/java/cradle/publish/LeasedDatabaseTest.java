package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import cradle.shared.RetryLaterException;
import cradle.shared.config.Env;
import cradle.shared.reshape.UpdateChunk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database as a publish holds it, on the local database: lease, fence, claim, commit. */
class LeasedDatabaseTest {
  private static final Instant NOW = PublishHarness.NOW;
  private static final PublishSettings SETTINGS = PublishSettings.read(new Env(Map.of()));

  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private JsonFileDatabase file() {
    return new JsonFileDatabase(dir.resolve("database.json"));
  }

  private static UpdateChunk report(String runId) {
    return UpdateChunk.of(
        Map.of("reports/u1/b1", JsonParser.parseString("{\"run_id\":\"" + runId + "\"}")));
  }

  @Test
  void take_holdsTheLeaseForItsRun_closeReleasesIt() throws Exception {
    ManualClock clock = new ManualClock();
    try (LeasedDatabase db = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null)) {
      JsonElement lease = file().read(SETTINGS.leasePath());
      assertEquals("run-a", lease.getAsJsonObject().get("run_id").getAsString());
      assertEquals(db.token(), lease.getAsJsonObject().get("token").getAsString());
      assertThrows(
          RetryLaterException.class,
          () -> LeasedDatabase.take(file(), SETTINGS, clock, "run-b", null));
    }
    assertNull(file().read(SETTINGS.leasePath()));
  }

  @Test
  void handOver_keepsTheLease_forTheContinuationsToken_only() throws Exception {
    ManualClock clock = new ManualClock();
    String token;
    try (LeasedDatabase db = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null)) {
      db.handOver();
      token = db.token();
    }
    assertThrows(
        RetryLaterException.class,
        () -> LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null));
    try (LeasedDatabase next = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", token)) {
      assertEquals("run-a", file().read(SETTINGS.leasePath() + "/run_id").getAsString());
    }
  }

  @Test
  void fence_closesAWriteTimeoutBeforeTheLeaseEnds_onTheHoldersClock() throws Exception {
    ManualClock clock = new ManualClock();
    try (LeasedDatabase db = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null)) {
      clock.now = NOW.plus(PublishLease.TERM).minus(SETTINGS.writeTimeout()).minusMillis(1);
      db.sink().submit(report("run-a")).get();
      clock.now = clock.now.plusMillis(1);
      assertThrows(RetryLaterException.class, () -> db.sink().submit(report("run-late")));
      assertThrows(RetryLaterException.class, () -> db.commit(metaOf("run-late")));
    }
    assertEquals("run-a", file().read("reports/u1/b1/run_id").getAsString());
    assertNull(file().read(SETTINGS.metaPath()));
  }

  @Test
  void renew_afterAnotherRunTookTheExpiredLease_throws_andItsWritesStayOut() throws Exception {
    ManualClock clock = new ManualClock();
    try (LeasedDatabase paused = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null)) {
      clock.now = NOW.plus(PublishLease.TERM).plus(Duration.ofSeconds(1));
      try (LeasedDatabase other = LeasedDatabase.take(file(), SETTINGS, clock, "run-b", null)) {
        other.sink().submit(report("run-b")).get();
        assertThrows(RetryLaterException.class, paused::renew);
        assertThrows(RetryLaterException.class, () -> paused.sink().submit(report("run-a")));
      }
    }
    assertEquals("run-b", file().read("reports/u1/b1/run_id").getAsString());
  }

  @Test
  void claim_namesTheSourcesAndTheLastWriter_commit_writesTheMeta() throws Exception {
    ManualClock clock = new ManualClock();
    try (LeasedDatabase db = LeasedDatabase.take(file(), SETTINGS, clock, "run-a", null)) {
      db.claim("run-a", List.of("gs://b/runs/d/run-0/report/", "gs://b/runs/d/run-a/report/"));
      PublishedMeta claimed = db.readMeta();
      assertEquals("run-a", claimed.lastWriter());
      assertEquals(
          List.of("gs://b/runs/d/run-0/report/", "gs://b/runs/d/run-a/report/"),
          claimed.reportSources());
      assertNull(claimed.runId());
      db.commit(metaOf("run-a"));
      assertEquals(metaOf("run-a"), PublishedMeta.parse(file().read(SETTINGS.metaPath())));
    }
  }

  private static PublishedMeta metaOf(String runId) {
    return new PublishedMeta(
        java.time.LocalDate.of(2026, 11, 26),
        runId,
        NOW,
        1,
        0,
        0,
        "gs://b/runs/d/" + runId + "/report/",
        List.of("gs://b/runs/d/" + runId + "/report/"),
        false,
        NOW,
        runId);
  }
}

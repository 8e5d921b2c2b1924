package cradle.publish;

import static cradle.publish.PublishHarness.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import cradle.publish.PublishHarness.Target;
import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How publish writes: acknowledged in order, meta last, deletes in bounded batches. */
class PublishWritesTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-26");
  private static final Instant T1 = Instant.parse("2026-11-26T22:00:00Z");

  @TempDir Path dir;

  /**
   * A database that acknowledges each write 30 ms after it is sent, as a remote one does, and
   * records what was still unacknowledged when the meta was sent.
   */
  private static final class SlowAcks extends ForwardingReportSink {
    private final ScheduledExecutorService acks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "slow-acks");
              t.setDaemon(true);
              return t;
            });
    final List<CompletableFuture<Void>> sent = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    SlowAcks(ReportSink sink) {
      super(sink);
    }

    @Override
    public CompletableFuture<Void> submit(UpdateChunk updates) {
      if (updates.asMap().containsKey("reports_meta")) {
        long pending = sent.stream().filter(f -> !f.isDone()).count();
        if (pending > 0) {
          violations.add(pending + " writes unacknowledged when the meta was sent");
        }
      }
      CompletableFuture<Void> ack = new CompletableFuture<>();
      sent.add(ack);
      acks.schedule(
          () -> {
            try {
              sink.submit(updates).get();
              ack.complete(null);
            } catch (Exception e) {
              ack.completeExceptionally(e);
            }
          },
          30,
          TimeUnit.MILLISECONDS);
      return ack;
    }
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void everyWriteIsAcknowledged_beforeTheMetaIsSent_andTheMetaBeforeTheFunctionReturns(
      Target target) throws Exception {
    PublishHarness h = new PublishHarness(target, dir);
    h.publishRun(DAY, "run-a", 0, 60, T1);
    h.reports(DAY, "run-b", 5, 60);
    List<SlowAcks> clients = new ArrayList<>();
    h.env("CRADLE_PUBLISH_CHUNK_BYTES", "1024")
        .wrapSink(
            sink -> {
              SlowAcks slow = new SlowAcks(sink);
              clients.add(slow);
              return slow;
            });

    h.deliver(message(DAY, "run-b", T1.plusSeconds(1), false));

    SlowAcks slow = clients.get(0);
    assertTrue(slow.sent.size() > 5, "several writes: " + slow.sent.size());
    assertEquals(List.of(), slow.violations);
    assertTrue(slow.sent.stream().allMatch(CompletableFuture::isDone), "all acknowledged");
    assertEquals("run-b", h.meta().runId());
    assertEquals(5, h.meta().removed());

    // nothing stale this time, so no deletes stand between the last report and the meta
    h.publishRun(DAY, "run-c", 5, 60, T1.plusSeconds(2));

    SlowAcks again = clients.get(1);
    assertEquals(List.of(), again.violations);
    assertTrue(again.sent.stream().allMatch(CompletableFuture::isDone), "all acknowledged");
    assertEquals(0, h.meta().removed());
  }

  /** Records the number of paths each write carries. */
  private static final class CountingSink extends ForwardingReportSink {
    final List<Integer> deleteWrites = new CopyOnWriteArrayList<>();

    CountingSink(ReportSink sink) {
      super(sink);
    }

    @Override
    public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
      if (updates.asMap().values().stream().allMatch(JsonElement::isJsonNull)) {
        deleteWrites.add(updates.asMap().size());
      }
      return sink.submit(updates);
    }
  }

  @Test
  void staleDeletes_goInWritesOfAtMost5000Paths() throws Exception {
    PublishHarness h = new PublishHarness(Target.JSON_FILE, dir);
    int babies = StaleRetirement.DELETES_PER_WRITE + 2;
    h.publishRun(DAY, "run-a", 0, babies, T1);
    h.reports(DAY, "run-b", 0, 1);
    List<CountingSink> clients = new ArrayList<>();
    h.wrapSink(
        sink -> {
          CountingSink c = new CountingSink(sink);
          clients.add(c);
          return c;
        });

    h.deliver(message(DAY, "run-b", T1.plusSeconds(1), true));

    assertEquals(List.of(StaleRetirement.DELETES_PER_WRITE, 1), clients.get(0).deleteWrites);
    assertEquals(1, h.reports().size());
    assertEquals(babies - 1, h.meta().removed());
  }

  @Test
  void otherFilesInTheReportFolder_areNotReportRows() throws Exception {
    PublishHarness h = new PublishHarness(Target.JSON_FILE, dir);
    h.reports(DAY, "run-a", 0, 10);
    String folder = PublishHarness.reportPrefix(DAY, "run-a");
    h.blobs.put(folder + "_SUCCESS", "");
    h.blobs.put(folder + "notes.txt", "not a row\n");
    h.blobs.put(
        folder + "report.jsonl.partial",
        "{\"user_id\":\"u99\",\"baby_id\":\"b1\",\"sleep_min\":1}\n");

    h.deliver(message(DAY, "run-a", T1, false));

    assertEquals(10, h.meta().reports());
    assertEquals(0, h.meta().rejected());
    assertEquals(PublishHarness.allBy("run-a", 0, 10).keySet(), h.reports().keySet());
  }

  @Test
  void everyWriteOfASegment_isAcknowledgedBeforeItHandsOn() throws Exception {
    PublishHarness h = new PublishHarness(Target.JSON_FILE, dir);
    h.clock(new ManualClock(T1))
        .env("CRADLE_PUBLISH_BYTES_PER_MINUTE", "6000")
        .env("CRADLE_PUBLISH_CHUNK_BYTES", "1000")
        .env("CRADLE_PUBLISH_SEGMENT_SECONDS", "60");
    List<SlowAcks> clients = new CopyOnWriteArrayList<>();
    h.wrapSink(
        sink -> {
          SlowAcks slow = new SlowAcks(sink);
          clients.add(slow);
          return slow;
        });
    List<String> unacknowledged = new ArrayList<>();
    h.beforeHandOff =
        () -> {
          long pending =
              clients.get(clients.size() - 1).sent.stream().filter(f -> !f.isDone()).count();
          if (pending > 0) {
            unacknowledged.add(pending + " writes unacknowledged at a hand-off");
          }
        };
    h.publishRun(DAY, "run-a", 0, 200, T1);
    for (int i = 0; i < h.handedOff.size(); i++) {
      h.deliver(h.handedOff.get(i));
    }

    assertTrue(h.handedOff.size() >= 2, "segments: " + (h.handedOff.size() + 1));
    assertEquals(List.of(), unacknowledged);
    assertEquals(200, h.meta().reports());
    assertEquals(200, h.reports().size());
  }
}

package cradle.shared.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import cradle.shared.RetryLaterException;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class WriteWindowTest {
  /** Hands out futures the test completes. */
  private static final class ManualSink implements ReportSink {
    final List<CompletableFuture<Void>> sent = new ArrayList<>();

    @Override
    public CompletableFuture<Void> submit(UpdateChunk updates) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      sent.add(f);
      return f;
    }

    @Override
    public JsonElement read(String path) {
      return null;
    }

    @Override
    public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change) {
      throw new UnsupportedOperationException();
    }
  }

  private static UpdateChunk chunk() {
    return UpdateChunk.of(Map.of("a", new JsonPrimitive(1)));
  }

  @Test
  void submit_keepsAtMostTheWindowInFlight_waitingForTheOldest() throws Exception {
    ManualSink sink = new ManualSink();
    WriteWindow w = new WriteWindow(sink, 2, Duration.ofSeconds(5));
    w.submit(chunk());
    w.submit(chunk());
    sink.sent.get(0).complete(null);

    w.submit(chunk()); // waits for the first, which is done

    assertEquals(3, sink.sent.size());
    assertEquals(1, w.acknowledged());
    sink.sent.get(1).complete(null);
    sink.sent.get(2).complete(null);
    w.drain();
    assertEquals(3, w.acknowledged());
  }

  @Test
  void drain_aWriteNeverAcknowledged_isRetriedLater() throws Exception {
    ManualSink sink = new ManualSink();
    WriteWindow w = new WriteWindow(sink, 4, Duration.ofMillis(50));
    w.submit(chunk());

    RetryLaterException e = assertThrows(RetryLaterException.class, w::drain);

    assertTrue(e.getMessage().contains("not acknowledged within"), e.getMessage());
  }

  @Test
  void drain_aFailedWrite_failsWithItsCause() throws Exception {
    ManualSink sink = new ManualSink();
    WriteWindow w = new WriteWindow(sink, 4, Duration.ofSeconds(5));
    w.submit(chunk());
    sink.sent.get(0).completeExceptionally(new IllegalStateException("permission denied"));

    IOException e = assertThrows(IOException.class, w::drain);

    assertEquals("a database write failed: permission denied", e.getMessage());
    assertEquals(0, w.acknowledged());
  }

  @Test
  void collect_countsTheAcknowledgedHead_withoutWaitingForTheRest() throws Exception {
    ManualSink sink = new ManualSink();
    WriteWindow w = new WriteWindow(sink, 4, Duration.ofSeconds(5));
    w.submit(chunk());
    w.submit(chunk());
    w.submit(chunk());
    sink.sent.get(0).complete(null);
    sink.sent.get(2).complete(null); // acknowledged, but behind one that is not

    w.collect();

    assertEquals(1, w.acknowledged(), "writes are counted in the order they were sent");
    sink.sent.get(1).complete(null);
    w.collect();
    assertEquals(3, w.acknowledged());
  }
}

package cradle.shared.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

  private final ManualSink sink = new ManualSink();

  /** A window over {@link #sink} with {@code writes} chunks already submitted. */
  private WriteWindow windowWith(int size, Duration timeout, int writes) throws Exception {
    WriteWindow w = new WriteWindow(sink, size, timeout);
    for (int i = 0; i < writes; i++) {
      w.submit(UpdateChunk.of(Map.of("a", new JsonPrimitive(i))));
    }
    return w;
  }

  @Test
  void submit_keepsAtMostTheWindowInFlight_waitingForTheOldest() throws Exception {
    WriteWindow w = windowWith(2, Duration.ofSeconds(5), 2);
    sink.sent.get(0).complete(null);

    w.submit(UpdateChunk.of(Map.of("b", new JsonPrimitive(3)))); // waits for the first, done

    assertEquals(3, sink.sent.size());
    assertEquals(1, w.acknowledged());
    sink.sent.get(1).complete(null);
    sink.sent.get(2).complete(null);
    w.drain();
    assertEquals(3, w.acknowledged());
  }

  @Test
  void drain_aWriteNeverAcknowledged_isRetriedLater() throws Exception {
    WriteWindow w = windowWith(4, Duration.ofMillis(50), 1);

    RetryLaterException e = assertThrows(RetryLaterException.class, w::drain);

    assertEquals("a database write was not acknowledged within PT0.05S", e.getMessage());
  }

  @Test
  void drain_aFailedWrite_failsWithItsCause() throws Exception {
    WriteWindow w = windowWith(4, Duration.ofSeconds(5), 1);
    sink.sent.get(0).completeExceptionally(new IllegalStateException("permission denied"));

    IOException e = assertThrows(IOException.class, w::drain);

    assertEquals("a database write failed: permission denied", e.getMessage());
    assertEquals(0, w.acknowledged());
  }

  @Test
  void collect_countsTheAcknowledgedHead_withoutWaitingForTheRest() throws Exception {
    WriteWindow w = windowWith(4, Duration.ofSeconds(5), 3);
    sink.sent.get(0).complete(null);
    sink.sent.get(2).complete(null); // acknowledged, but behind one that is not

    w.collect();

    assertEquals(1, w.acknowledged(), "writes are counted in the order they were sent");
    sink.sent.get(1).complete(null);
    w.collect();
    assertEquals(3, w.acknowledged());
  }
}

package cradle.shared.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ForwardingReportSinkTest {
  private final List<String> calls = new ArrayList<>();
  private final CompletableFuture<Void> ack = new CompletableFuture<>();
  private final JsonElement node = new JsonPrimitive(1);
  private final ReportSink.Transacted transacted = new ReportSink.Transacted(true, node);

  @Test
  void everyCall_reachesTheSinkBehind_andItsAnswerComesBack() throws Exception {
    ReportSink forwarding = new ForwardingReportSink(behind()) {};

    assertSame(ack, forwarding.submit(UpdateChunk.of(Map.of("a/b", node))));
    assertSame(node, forwarding.read("a"));
    assertSame(transacted, forwarding.transact("lease", Optional::ofNullable));
    assertEquals(List.of("submit [a/b]", "read a", "transact lease"), calls);
  }

  @Test
  void beforeEachCall_runsBeforeEveryCall_andRefusesItByThrowing() throws Exception {
    List<String> refusals = new ArrayList<>(List.of("down", "", "down", "", "down"));
    ReportSink guarded =
        new ForwardingReportSink(behind()) {
          @Override
          protected void beforeEachCall() throws IOException {
            calls.add("before");
            if (!refusals.remove(0).isEmpty()) {
              throw new IOException("down");
            }
          }
        };
    UpdateChunk chunk = UpdateChunk.of(Map.of("a/b", node));

    assertThrows(IOException.class, () -> guarded.submit(chunk));
    assertSame(ack, guarded.submit(chunk));
    assertThrows(IOException.class, () -> guarded.read("a"));
    assertSame(node, guarded.read("a"));
    assertThrows(IOException.class, () -> guarded.transact("lease", Optional::ofNullable));
    assertEquals(
        List.of("before", "before", "submit [a/b]", "before", "before", "read a", "before"), calls);
  }

  private ReportSink behind() {
    return new ReportSink() {
      @Override
      public CompletableFuture<Void> submit(UpdateChunk updates) {
        calls.add("submit " + updates.asMap().keySet());
        return ack;
      }

      @Override
      public JsonElement read(String path) {
        calls.add("read " + path);
        return node;
      }

      @Override
      public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change) {
        calls.add("transact " + path);
        return transacted;
      }
    };
  }
}

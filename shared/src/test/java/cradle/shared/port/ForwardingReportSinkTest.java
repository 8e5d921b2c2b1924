package cradle.shared.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import cradle.shared.reshape.UpdateChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ForwardingReportSinkTest {
  @Test
  void everyCall_reachesTheSinkBehind_andItsAnswerComesBack() throws Exception {
    List<String> calls = new ArrayList<>();
    CompletableFuture<Void> ack = new CompletableFuture<>();
    JsonElement node = new JsonPrimitive(1);
    ReportSink.Transacted transacted = new ReportSink.Transacted(true, node);
    ReportSink behind =
        new ReportSink() {
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
          public Transacted transact(
              String path, Function<JsonElement, Optional<JsonElement>> change) {
            calls.add("transact " + path);
            return transacted;
          }
        };
    ReportSink forwarding = new ForwardingReportSink(behind) {};

    assertSame(ack, forwarding.submit(UpdateChunk.of(Map.of("a/b", node))));
    assertSame(node, forwarding.read("a"));
    assertSame(transacted, forwarding.transact("lease", Optional::ofNullable));
    assertEquals(List.of("submit [a/b]", "read a", "transact lease"), calls);
  }
}

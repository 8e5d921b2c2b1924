package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cradle.analyze.AnalyzeFunction;
import cradle.shared.RunEvent;
import cradle.shared.RunLayout;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.PubSubEvents;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate deliveries on the local profile behave as BigQuery's do: they attach, all succeed. */
class LocalDuplicateDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-26T23:00:00Z");
  private static final LocalDate END = LocalDate.parse("2026-11-26");

  @TempDir Path dir;

  @Test
  void fourSimultaneousDeliveriesOfOneAnalyzeMessage_allSucceed_withOneExport() throws Exception {
    Path data = dir.resolve("data");
    LocalWarehouseFixture.generate(data.resolve("warehouse.duckdb"), 30, 14, 3, END);
    Workspace ws = new Workspace(data, dir.resolve("out"));
    Map<String, String> env = ws.environment(Map.of());
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    RunMessage message = RunMessage.start("run-dup", END, Stage.ANALYZE);
    CloudEvent event = PubSubEvents.of(message, "m-dup", NOW);
    int deliveries = 4;
    CyclicBarrier together = new CyclicBarrier(deliveries);
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      StageFunction instance = AnalyzeFunction.ENTRY.instance(env, clock);
      done.add(
          pool.submit(
              () -> {
                together.await();
                instance.accept(event);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    List<RunEvent> ended =
        new FileRunEvents(ws.out().resolve("events.jsonl"))
            .read().stream().filter(e -> e.event() != RunEvent.Kind.STARTED).toList();
    assertEquals(
        List.of(
            RunEvent.Kind.SUCCEEDED,
            RunEvent.Kind.SUCCEEDED,
            RunEvent.Kind.SUCCEEDED,
            RunEvent.Kind.SUCCEEDED),
        ended.stream().map(RunEvent::event).toList(),
        ended.toString());
    Path analyses = ws.bucket().resolve("runs/" + END + "/run-dup/analysis");
    try (Stream<Path> attempts = Files.list(analyses)) {
      assertEquals(
          List.of(analyses.resolve(RunLayout.attemptOf("m-dup"))),
          attempts.toList(),
          "one request, one attempt's folder");
    }
    Path shard =
        ws.runAnalysis(ws.bucket().resolve("runs/" + END + "/run-dup")).resolve("rows-000.jsonl");
    assertEquals(30, Files.readAllLines(shard).size());
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.notebook.NotebookFunction;
import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.testing.PubSubEvents;
import io.cloudevents.CloudEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local notebook stage executes again for every new request: after a failure caused by the
 * environment, a re-run once it is fixed is a new attempt beside the failed one, and only a
 * redelivery of one message goes on with the attempt that message started.
 */
class NotebookReExecutionTest {
  @TempDir Path dir;

  @Test
  void aReRunAfterAFailure_executesAgain_besideTheFailedAttempt_aRedeliveryDoesNot()
      throws Exception {
    LocalDate end = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    Path data = dir.resolve("data");
    LocalWarehouseFixture.generate(data.resolve("warehouse.duckdb"), 20, 14, 2, end);
    Workspace ws = new Workspace(data, dir.resolve("out"));
    ws.installNotebookTemplate();
    Map<String, String> env = ws.environment(Map.of());
    Map<String, String> noJupyter = new HashMap<>(env);
    noJupyter.put(LocalProfile.JUPYTER, dir.resolve("no-jupyter-here").toString());

    List<LocalPipeline.StageResult> failed =
        new LocalPipeline(noJupyter, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
            .run(RunMessage.start("run-re", end, Stage.ANALYZE), r -> {});
    assertEquals(Stage.AWAIT, failed.get(failed.size() - 1).stage());
    assertFalse(failed.get(failed.size() - 1).ok());

    List<LocalPipeline.StageResult> retried =
        new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
            .run(RunMessage.start("run-re", end, Stage.NOTEBOOK), r -> {});
    assertTrue(retried.stream().allMatch(LocalPipeline.StageResult::ok), retried.toString());
    assertEquals(
        "run-re",
        JsonParser.parseString(Files.readString(ws.database()))
            .getAsJsonObject()
            .getAsJsonObject("reports_meta")
            .get("run_id")
            .getAsString());

    Path notebooks = ws.bucket().resolve("runs/" + end + "/run-re/notebook");
    assertEquals(List.of("FAILED", "SUCCEEDED"), attemptStates(notebooks));

    // one message delivered twice: the second delivery goes on with the first's execution
    StageFunction notebook = NotebookFunction.ENTRY.instance(env, Clock.systemUTC());
    CloudEvent once =
        PubSubEvents.of(
            RunMessage.start("run-re", end, Stage.NOTEBOOK),
            "m-twice",
            Clock.systemUTC().instant());
    notebook.accept(once);
    Path attempt = notebooks.resolve("a" + sha256Hex("m-twice").substring(0, 8));
    String execution = Files.readString(attempt.resolve("output/execution.json"));
    notebook.accept(once);
    assertEquals(execution, Files.readString(attempt.resolve("output/execution.json")));
    assertEquals(List.of("FAILED", "SUCCEEDED", "SUCCEEDED"), attemptStates(notebooks));
    List<RunEvent> notebookEnds =
        new FileRunEvents(ws.out().resolve("events.jsonl"))
            .read().stream()
                .filter(e -> e.stage().equals("notebook") && e.event() != RunEvent.Kind.STARTED)
                .filter(e -> "m-twice".equals(e.messageId()))
                .toList();
    assertEquals(2, notebookEnds.size(), notebookEnds.toString());
    assertEquals(null, notebookEnds.get(0).reason());
    assertEquals(0, ((Number) notebookEnds.get(0).counts().get("reused")).intValue());
    assertEquals(1, ((Number) notebookEnds.get(1).counts().get("reused")).intValue());
    assertTrue(
        notebookEnds.get(1).reason().startsWith("duplicate delivery: went on with attempt a"),
        notebookEnds.get(1).reason());
  }

  /** The state of each attempt's execution, oldest first. */
  private static List<String> attemptStates(Path notebooks) throws Exception {
    try (Stream<Path> attempts = Files.list(notebooks)) {
      return attempts
          .map(a -> a.resolve("output/execution.json"))
          .filter(Files::exists)
          .map(NotebookReExecutionTest::json)
          .sorted(
              (a, b) -> a.get("started").getAsString().compareTo(b.get("started").getAsString()))
          .map(s -> s.get("state").getAsString())
          .toList();
    }
  }

  private static JsonObject json(Path p) {
    try {
      return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sha256Hex(String s) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}

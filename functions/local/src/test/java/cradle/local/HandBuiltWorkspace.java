package cradle.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.shared.RunMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A local workspace whose warehouse holds hand-built babies and events, with the notebook template
 * installed: the local pipeline runs on it as {@code ./cradle run} would.
 */
final class HandBuiltWorkspace {
  /** The latest report day: yesterday in Tokyo. */
  static final LocalDate RUN_DATE = LocalDate.now(ReportRun.TOKYO).minusDays(1);

  final Workspace ws;
  final LocalPipeline pipeline;

  HandBuiltWorkspace(Path dir, List<Baby> babies, List<Event> events) throws Exception {
    ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    Files.createDirectories(ws.data());
    ReportRun.load(ws.warehouse(), ws.data(), babies, events);
    ws.installNotebookTemplate();
    pipeline =
        new LocalPipeline(
            ws.environment(Map.of()), ws.out(), Clock.systemUTC(), Duration.ofMillis(100));
  }

  /** Runs {@code message} through the pipeline; every stage must succeed. */
  List<LocalPipeline.StageResult> run(RunMessage message) throws Exception {
    List<LocalPipeline.StageResult> results = pipeline.run(message, r -> {});
    assertTrue(results.stream().allMatch(LocalPipeline.StageResult::ok), results.toString());
    return results;
  }

  /** The folder of run {@code runId} for {@link #RUN_DATE} in the bucket. */
  Path runFolder(String runId) {
    return ws.bucket().resolve("runs/" + RUN_DATE + "/" + runId);
  }

  /** The database file as JSON. */
  JsonObject database() throws Exception {
    return JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject();
  }
}

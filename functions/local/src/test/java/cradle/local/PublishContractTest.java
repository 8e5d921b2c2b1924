package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.generate.Baby;
import cradle.local.generate.Event;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish holds the notebook's rows to report.schema.json: a whole local run publishes every
 * report, and a row that breaks the contract (here a count written as a fraction, as a batch with
 * nulls once made pandas write it) is rejected and counted, never written.
 */
class PublishContractTest {
  @TempDir Path dir;

  @Test
  void rowBreakingTheContract_isRejectedAndCounted_theOthersPublished() throws Exception {
    LocalDate runDate = LocalDate.now(ReportRun.TOKYO).minusDays(1);
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    Files.createDirectories(ws.data());
    List<Event> events = new ArrayList<>();
    for (int k = 13; k >= 0; k--) {
      events.addAll(HandBuiltBabiesTest.day("u1/b1", runDate.minusDays(k), 2, 90));
    }
    ReportRun.load(
        ws.warehouse(), ws.data(), List.of(new Baby("u1", "b1", runDate.minusMonths(6))), events);
    ws.installNotebookTemplate();
    LocalPipeline pipeline =
        new LocalPipeline(
            ws.environment(Map.of()), ws.out(), Clock.systemUTC(), Duration.ofMillis(100));

    List<LocalPipeline.StageResult> whole =
        pipeline.run(RunMessage.start("contract-1", runDate, Stage.ANALYZE), r -> {});
    assertTrue(whole.stream().allMatch(LocalPipeline.StageResult::ok), whole.toString());
    assertEquals(0, meta(ws).get("rejected").getAsInt());

    Path report = ws.bucket().resolve("runs/" + runDate + "/contract-1/report/report.jsonl");
    JsonObject broken = JsonParser.parseString(Files.readAllLines(report).get(0)).getAsJsonObject();
    broken.addProperty("baby_id", "b2");
    broken.getAsJsonObject("today").addProperty("feeds", 4.5);
    Files.writeString(report, broken + "\n", StandardOpenOption.APPEND);
    pipeline.run(
        new RunMessage(1, "contract-1", runDate, Stage.PUBLISH, 1, Map.of(), true), r -> {});

    JsonObject meta = meta(ws);
    assertEquals(1, meta.get("reports").getAsInt());
    assertEquals(1, meta.get("rejected").getAsInt());
    JsonObject user = database(ws).getAsJsonObject("reports").getAsJsonObject("u1");
    assertTrue(user.has("b1"));
    assertFalse(user.has("b2"), "the broken row is never written");
  }

  private static JsonObject database(Workspace ws) throws Exception {
    return JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject();
  }

  private static JsonObject meta(Workspace ws) throws Exception {
    return database(ws).getAsJsonObject("reports_meta");
  }
}

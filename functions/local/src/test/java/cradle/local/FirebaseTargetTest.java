package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.publish.FirebaseReportSink;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.testing.FirebaseServerPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With FIREBASE_DATABASE_EMULATOR_HOST set, the local profile writes through the real Admin SDK (on
 * the local runner's classpath) and the database ends up holding exactly database.json's tree.
 */
class FirebaseTargetTest {
  @TempDir Path dir;

  @Test
  void publishThroughTheAdminSdk_equalsTheJsonFileTarget() throws Exception {
    LocalDate end = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    LocalWarehouseFixture.generate(ws.warehouse(), 40, 14, 11, end);
    ws.installNotebookTemplate();
    Map<String, String> env = ws.environment(Map.of());
    RunMessage run = RunMessage.start("fb-1", end, Stage.ANALYZE);
    List<LocalPipeline.StageResult> toFile = run(env, ws, run);
    assertTrue(toFile.stream().allMatch(LocalPipeline.StageResult::ok), toFile.toString());
    JsonElement fileTree = fileReports(ws);

    try (FirebaseServerPeer peer = FirebaseServerPeer.start()) {
      Map<String, String> viaSdk = new HashMap<>(env);
      viaSdk.put(LocalProfile.EMULATOR_HOST, peer.host());
      List<LocalPipeline.StageResult> toPeer =
          run(viaSdk, ws, RunMessage.start("fb-1", end, Stage.PUBLISH));
      assertTrue(toPeer.stream().allMatch(LocalPipeline.StageResult::ok), toPeer + peer.log());

      JsonElement peerTree = peerReports(peer, Duration.ofSeconds(30));

      JsonObject expected = numbers(fileTree).getAsJsonObject();
      JsonObject actual = numbers(peerTree).getAsJsonObject();
      assertEquals(
          40,
          actual.entrySet().stream().mapToInt(u -> u.getValue().getAsJsonObject().size()).sum(),
          "one report per generated baby");
      assertEquals(expected.keySet(), actual.keySet());
      for (String user : expected.keySet()) {
        assertEquals(expected.get(user), actual.get(user), "reports/" + user);
      }
    }
  }

  @Test
  void thousandsOfReports_throughTheAdminSdk_readBackEqualToDatabaseJson() throws Exception {
    LocalDate day = LocalDate.parse("2026-11-25");
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("many"));
    Path rows = ws.bucket().resolve("runs/" + day + "/big-1/report/report.jsonl");
    Files.createDirectories(rows.getParent());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2500; i++) {
      sb.append("{\"user_id\":\"uid")
          .append(i / 2)
          .append("\",\"baby_id\":\"baby-")
          .append(i % 2 + 1)
          .append("\",\"today\":{\"sleep_min\":")
          .append(600 + i % 97)
          .append(".5,\"feeds\":")
          .append(i % 9)
          .append(
              "},\"flags\":[\"sleep_up\"],\"summary\":{\"ja\":\"よく眠りました\",\"en\":\"Slept well\"}}\n");
    }
    Files.writeString(rows, sb.toString());
    RunMessage publish = RunMessage.start("big-1", day, Stage.PUBLISH);
    Map<String, String> env = new HashMap<>(ws.environment(Map.of()));
    env.put("CRADLE_PUBLISH_CHUNK_BYTES", "65536");
    env.put("CRADLE_PUBLISH_CONTRACT", "none"); // rows of their own shape
    run(env, ws, publish);
    JsonElement fileTree = fileReports(ws);

    try (FirebaseServerPeer peer = FirebaseServerPeer.start()) {
      env.put(LocalProfile.EMULATOR_HOST, peer.host());
      List<LocalPipeline.StageResult> result = run(env, ws, publish);
      assertTrue(result.get(0).ok(), result + peer.log());

      JsonElement peerTree = peerReports(peer, Duration.ofSeconds(60));

      assertEquals(1250, peerTree.getAsJsonObject().size());
      assertEquals(numbers(fileTree), numbers(peerTree));
    }
  }

  /** The local pipeline's run of {@code message} in {@code ws} with {@code env}. */
  private static List<LocalPipeline.StageResult> run(
      Map<String, String> env, Workspace ws, RunMessage message) throws IOException {
    return new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
        .run(message, r -> {});
  }

  /** The reports in the JSON file target. */
  private static JsonElement fileReports(Workspace ws) throws IOException {
    return JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject().get("reports");
  }

  /** The reports in the peer, read through the Admin SDK. */
  private static JsonElement peerReports(FirebaseServerPeer peer, Duration timeout)
      throws IOException {
    return new FirebaseReportSink(
            FirebaseReportSink.emulatorUrl(peer.host(), "cradle"), true, timeout)
        .read("reports");
  }

  /** The SDK reads 48.0 back as 48; compare numbers by value. */
  private static JsonElement numbers(JsonElement e) {
    return JsonParser.parseString(e.toString().replaceAll("(\\d)\\.0(?=[,}\\]])", "$1"));
  }
}

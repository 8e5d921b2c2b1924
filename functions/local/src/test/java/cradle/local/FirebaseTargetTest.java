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
    List<LocalPipeline.StageResult> toFile =
        new LocalPipeline(env, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
            .run(run, r -> {});
    assertTrue(toFile.stream().allMatch(LocalPipeline.StageResult::ok), toFile.toString());
    JsonElement fileTree =
        JsonParser.parseString(Files.readString(ws.database())).getAsJsonObject().get("reports");

    try (FirebaseServerPeer peer = FirebaseServerPeer.start()) {
      Map<String, String> viaSdk = new HashMap<>(env);
      viaSdk.put(LocalProfile.EMULATOR_HOST, peer.host());
      List<LocalPipeline.StageResult> toPeer =
          new LocalPipeline(viaSdk, ws.out(), Clock.systemUTC(), Duration.ofMillis(100))
              .run(new RunMessage(1, "fb-1", end, Stage.PUBLISH, 1, Map.of(), false), r -> {});
      assertTrue(toPeer.stream().allMatch(LocalPipeline.StageResult::ok), toPeer + peer.log());

      JsonElement peerTree =
          new FirebaseReportSink(
                  FirebaseReportSink.emulatorUrl(peer.host(), "cradle"),
                  true,
                  Duration.ofSeconds(30))
              .read("reports");

      JsonObject expected = numbers(fileTree).getAsJsonObject();
      JsonObject actual = numbers(peerTree).getAsJsonObject();
      assertEquals(expected.keySet(), actual.keySet());
      for (String user : expected.keySet()) {
        assertEquals(expected.get(user), actual.get(user), "reports/" + user);
      }
    }
  }

  /** The SDK reads 48.0 back as 48; compare numbers by value. */
  private static JsonElement numbers(JsonElement e) {
    return JsonParser.parseString(e.toString().replaceAll("(\\d)\\.0(?=[,}\\]])", "$1"));
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.PubSubMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each deployable jar (target/deploy, built by the shade plugin) starts under the invoker with the
 * cloud profile and nothing else on its class path, finds its adapters, validates its settings and
 * acknowledges a bad message. Runs after packaging (failsafe). Prints the jar size and cold start.
 */
class DeployableJarsIT {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "analyze, cradle.analyze.AnalyzeFunction",
    "notebook, cradle.notebook.NotebookFunction",
    "await, cradle.await.AwaitFunction",
    "publish, cradle.publish.PublishFunction"
  })
  void deployableJar_startsWithTheCloudProfile(String stage, String target) throws Exception {
    Path jar = Path.of("../" + stage + "/target/deploy/cradle-" + stage + ".jar");
    assertTrue(Files.exists(jar), jar + " is built by mvn package");
    Map<String, String> env =
        Map.of(
            "CRADLE_PROFILE",
            "cloud",
            "CRADLE_ARTIFACTS_URI",
            "gs://cradle-runs",
            "CRADLE_PROJECT",
            "my-project",
            "CRADLE_NOTEBOOK_SERVICE_ACCOUNT",
            "cradle-notebook@my-project.iam.gserviceaccount.com",
            "CRADLE_DATABASE_URL",
            "https://my-project-default-rtdb.firebaseio.com");
    try (InvokerProcess invoker =
        InvokerProcess.start(jar.toString(), target, env, dir.resolve(stage + ".log"))) {
      String bad =
          new PubSubMessage(
                  "bad-" + stage,
                  Instant.now(),
                  Map.of(),
                  "{\"run_date\":\"not-a-date\"}".getBytes(StandardCharsets.UTF_8))
              .toEventData("s");

      var response = invoker.binary(bad, "bad-" + stage, "cradle-" + stage);

      assertEquals(200, response.statusCode(), invoker.log());
      Thread.sleep(200);
      assertTrue(invoker.log().contains("\"severity\":\"ERROR\""), invoker.log());
      assertTrue(invoker.log().contains("run_date: 'not-a-date' is not a date"), invoker.log());
      System.out.printf(
          "deployable %-8s %6.1f MB, cold start to ready %5.2f s%n",
          stage, Files.size(jar) / 1e6, invoker.readyMillis / 1000.0);
    }
  }
}

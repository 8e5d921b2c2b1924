package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import cradle.shared.testing.CloudEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each deployable jar (target/deploy, built by the shade plugin) starts under the invoker with the
 * cloud profile and nothing else on its class path, finds its adapters, validates its settings and
 * acknowledges a bad message delivered as Eventarc delivers it. Runs after packaging (failsafe).
 * Prints the jar size and cold start.
 *
 * <p>The invoker is the 2.x line the deployed build asks for: a jar-only source gets
 * java-function-invoker 1.4.1 from Google's buildpack unless the build environment sets {@code
 * USE_JAVA_FF_2=true} (terraform/functions.tf does; GoogleCloudPlatform/buildpacks,
 * cmd/java/functions_framework/lib/lib.go). That buildpack names 2.0.1 since 2026-08; Maven Central
 * lists 2.0.0 as the newest, which is what runs here.
 */
class DeployableJarsIT {
  /** The invoker major version the build serves with USE_JAVA_FF_2. */
  static final String SERVED_MAJOR = "2.";

  @TempDir Path dir;

  /**
   * A Pub/Sub body as Eventarc posts it: besides messageId and publishTime it carries their
   * snake_case twins and an {@code @type} (googleapis/google-cloudevents,
   * MessagePublishedData-duplicatedFields.json).
   */
  static String eventarcBody(String messageId, Instant published, String stage, String json) {
    JsonObject message = new JsonObject();
    message.addProperty("@type", "type.googleapis.com/google.pubsub.v1.PubsubMessage");
    JsonObject attributes = new JsonObject();
    attributes.addProperty("stage", stage);
    message.add("attributes", attributes);
    message.addProperty(
        "data", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    message.addProperty("messageId", messageId);
    message.addProperty("message_id", messageId);
    message.addProperty("publishTime", published.toString());
    message.addProperty("publish_time", published.toString());
    JsonObject body = new JsonObject();
    body.addProperty(
        "subscription", "projects/my-project/subscriptions/eventarc-asia-northeast1-cradle-sub-1");
    body.add("message", message);
    return body.toString();
  }

  @org.junit.jupiter.api.Test
  void theInvokerUnderTest_isTheMajorVersionTheBuildServes() throws Exception {
    try (JarFile invoker = new JarFile(InvokerProcess.JAR.toFile())) {
      String version = invoker.getManifest().getMainAttributes().getValue("Implementation-Version");
      assertTrue(
          version != null && version.startsWith(SERVED_MAJOR),
          "java-function-invoker "
              + version
              + " is not the "
              + SERVED_MAJOR
              + "x the build serves");
      System.out.println("invoker under test: java-function-invoker " + version);
    }
  }

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
    Map<String, String> env = CloudEnv.everyStage();
    try (InvokerProcess invoker =
        InvokerProcess.start(jar.toString(), target, env, dir.resolve(stage + ".log"))) {
      String bad =
          eventarcBody("bad-" + stage, Instant.now(), stage, "{\"run_date\":\"not-a-date\"}");

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

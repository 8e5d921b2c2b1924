package cradle.publish.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.publish.PublishFunction;
import cradle.shared.config.ConfigException;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A settings error names the variable and what is wrong, and never echoes a value that can carry
 * credentials: not in the ERROR line, not in the exception the platform prints with its stack.
 */
class SecretsInSettingsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://db.firebaseio.com/?auth=SECRET",
        "https://user:SECRET@db.firebaseio.com",
        "https://db.firebaseio.com/#SECRET",
        "http://db.example.com/?access_token=SECRET"
      })
  void badDatabaseUrl_isNamed_neverEchoed(String url) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CRADLE_PROFILE", "cloud");
    env.put("CRADLE_ARTIFACTS_URI", "gs://cradle-artifacts?key=SECRET");
    env.put("CRADLE_PROJECT", "my-project");
    env.put("CRADLE_DATABASE_URL", url);
    env.put("CRADLE_PUBLISH_MAX_SHRINK", "https://x/?token=SECRET");

    try (LogCapture logs = new LogCapture()) {
      ConfigException e = refused(env);

      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertFalse(trace.toString().contains("SECRET"), trace.toString());
      assertTrue(e.getMessage().contains("CRADLE_DATABASE_URL"), e.getMessage());
      assertTrue(e.getMessage().contains("CRADLE_ARTIFACTS_URI"), e.getMessage());
      assertTrue(e.getMessage().contains("CRADLE_PUBLISH_MAX_SHRINK"), e.getMessage());
      assertFalse(logs.records().isEmpty());
      for (LogRecord r : logs.records()) {
        assertFalse(r.getMessage().contains("SECRET"), r.getMessage());
        assertFalse(String.valueOf(logs.fields(r)).contains("SECRET"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:9000", "u:SECRET@127.0.0.1:9000"})
  void emulatorHostInTheCloud_isRefusedNamed_neverEchoed(String host) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("CRADLE_PROFILE", "cloud");
    env.put("CRADLE_ARTIFACTS_URI", "gs://cradle-artifacts");
    env.put("CRADLE_PROJECT", "my-project");
    env.put("CRADLE_DATABASE_URL", "https://db.firebaseio.com");
    env.put("FIREBASE_DATABASE_EMULATOR_HOST", host);

    ConfigException e = refused(env);

    assertTrue(e.getMessage().contains("FIREBASE_DATABASE_EMULATOR_HOST"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  /** The cloud publish function's start with {@code env}, which must refuse it. */
  private static ConfigException refused(Map<String, String> env) throws Exception {
    try (InProcessPubSub pubsub = new InProcessPubSub()) {
      return assertThrows(
          ConfigException.class,
          () ->
              new PublishFunction(
                  env,
                  Clock.systemUTC(),
                  new PublishCloudProfile(() -> null, u -> null, pubsub.publishers())));
    }
  }
}

package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.shared.Stage;
import cradle.shared.config.ConfigException;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudSettingsTest {
  private static Settings settings(String artifactsUri) {
    return new Settings("cloud", ZoneId.of("Asia/Tokyo"), artifactsUri, 400, 3600);
  }

  @Test
  void read_validProject_defaultsThePrefixAndNamesTopicsByStage() {
    Env env = new Env(Map.of("CRADLE_PROJECT", "my-project-1"));

    CloudSettings cloud = CloudSettings.read(env, settings("gs://bucket"));
    env.check();

    assertEquals(new CloudSettings("my-project-1", "cradle"), cloud);
    assertEquals("cradle-notebook", cloud.topic(Stage.NOTEBOOK));
  }

  @Test
  void read_ownPrefix_isUsedForTopics() {
    Env env = new Env(Map.of("CRADLE_PROJECT", "my-project-1", "CRADLE_TOPIC_PREFIX", "ci-7"));

    CloudSettings cloud = CloudSettings.read(env, settings("gs://bucket"));
    env.check();

    assertEquals("ci-7-publish", cloud.topic(Stage.PUBLISH));
  }

  @Test
  void read_localArtifactsBadProjectAndBadPrefix_areAllNamed() {
    Env env = new Env(Map.of("CRADLE_PROJECT", "My_Project", "CRADLE_TOPIC_PREFIX", "Cradle!"));

    CloudSettings.read(env, settings("file:///tmp/artifacts"));

    assertEquals(
        List.of(
            "CRADLE_ARTIFACTS_URI must be a gs:// URI in the cloud profile",
            "CRADLE_PROJECT='My_Project' is not a Google Cloud project id",
            "CRADLE_TOPIC_PREFIX='Cradle!' must be lower-case letters, digits and '-'"),
        assertThrows(ConfigException.class, env::check).problems());
  }

  @Test
  void read_missingProject_isNamedOnce_andAMissingArtifactsUriIsLeftToSettings() {
    Env env = new Env(Map.of());

    CloudSettings.read(env, settings(null));

    assertEquals(
        List.of("CRADLE_PROJECT is not set"),
        assertThrows(ConfigException.class, env::check).problems());
  }
}

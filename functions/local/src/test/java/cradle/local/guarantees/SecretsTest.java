package cradle.local.guarantees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Storage;
import cradle.analyze.AnalyzeFunction;
import cradle.analyze.cloud.AnalyzeCloudProfile;
import cradle.await.AwaitFunction;
import cradle.local.LocalProfile;
import cradle.local.Workspace;
import cradle.notebook.NotebookFunction;
import cradle.notebook.cloud.NotebookCloudProfile;
import cradle.publish.PublishFunction;
import cradle.publish.cloud.PublishCloudProfile;
import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.port.Profile;
import cradle.shared.testing.CloudEnv;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, point 4: a value that carries a credential, in any spelling, given to any setting of
 * any function in either profile, never reaches the output: not the JSON log lines (with their
 * stack traces), not the run events or hand-offs, not stderr, not the stack trace of what the
 * function throws to the platform. The settings are the ones each function itself says it read
 * ({@link StageFunction#environmentRead()}), so a new setting is covered without editing this test.
 * When a function starts at all, its entry point also takes a delivery, so a value that got past
 * the check at cold start is caught wherever the stage echoes it.
 */
class SecretsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");
  private static final LocalDate RUN_DATE = LocalDate.parse("2026-11-25");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Issue 18's leaking spellings, and their neighbours; %s is the secret. */
  private static final List<String> SPELLINGS =
      List.of(
          "https://u:%s@x.firebaseio.com",
          " https://u:%s@x.firebaseio.com",
          "https://u:%s@x.firebaseio.com\t",
          "x.firebaseio.com?auth=%s",
          "//u:%s@host",
          " gs://u:%s@b",
          "gs://b/notebooks/cradle_report.ipynb#%s",
          "u:%s@127.0.0.1:9000",
          "https://storage.googleapis.com/b/t.ipynb?X-Goog-Signature=%s",
          "file:///tmp/cradle?auth=%s");

  private final String secret = "SECRET-" + UUID.randomUUID();

  @TempDir Path dir;

  private enum Profiles {
    CLOUD,
    LOCAL
  }

  @Test
  void aCredentialInAnySetting_neverReachesAnyOutput() throws Exception {
    try (Doubles doubles = new Doubles()) {
      check(doubles);
    }
  }

  private void check(Doubles doubles) throws Exception {
    List<String> leaks = new ArrayList<>();
    Map<String, Integer> settingsPerFunction = new HashMap<>();
    int runs = 0;
    for (Profiles profile : Profiles.values()) {
      for (Stage stage : Stage.values()) {
        Set<String> settings = settingsOf(profile, stage, doubles);
        settingsPerFunction.put(profile + " " + stage.id(), settings.size());
        for (String setting : settings) {
          for (String spelling : SPELLINGS) {
            String value = spelling.formatted(secret);
            String output = run(profile, stage, setting, value, runs++, doubles);
            if (output.contains(secret)) {
              leaks.add(profile + " " + stage.id() + " " + setting + "=" + value + ":\n" + output);
            }
          }
        }
      }
    }

    assertEquals(List.of(), leaks, leaks.size() + " leaks; the first:\n" + first(leaks));
    // the enumeration found the settings each function reads, in both profiles
    assertTrue(
        settingsPerFunction.values().stream().allMatch(n -> n >= 6), settingsPerFunction::toString);
    assertTrue(runs > 500, "runs: " + runs);
    System.out.printf(
        "SecretsTest: %d runs, %d settings over 4 functions x 2 profiles, %d spellings%n",
        runs,
        settingsPerFunction.values().stream().mapToInt(Integer::intValue).sum(),
        SPELLINGS.size());
  }

  /** What a function reads when it starts with a valid environment. */
  private Set<String> settingsOf(Profiles profile, Stage stage, Doubles doubles) {
    Path out = dir.resolve("settings-" + profile + "-" + stage.id());
    StageFunction f = start(profile, stage, baseEnv(profile, out), doubles);
    return new TreeSet<>(f.environmentRead());
  }

  /**
   * Starts the function with {@code setting=value} and, when it starts, delivers one message; all
   * that the attempt printed, logged, emitted and threw.
   */
  private String run(
      Profiles profile, Stage stage, String setting, String value, int n, Doubles doubles)
      throws Exception {
    Path out = dir.resolve("run-" + n);
    Map<String, String> env = baseEnv(profile, out);
    env.put(setting, value);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(seen, true, StandardCharsets.UTF_8);
    PrintStream stderr = System.err;
    int published = doubles.pubsub.received().size();
    try {
      Log.writeTo(stream);
      System.setErr(stream);
      StageFunction f = start(profile, stage, env, doubles);
      f.accept(PubSubEvents.of(message(stage), "m-" + n, NOW));
    } catch (Exception e) {
      e.printStackTrace(new PrintWriter(stream, true));
    } finally {
      System.setErr(stderr);
      Log.writeTo(System.out);
    }
    StringBuilder all = new StringBuilder(seen.toString(StandardCharsets.UTF_8));
    List<InProcessPubSub.Received> received = doubles.pubsub.received();
    received
        .subList(published, received.size())
        .forEach(
            r -> all.append(r.message().getData().toStringUtf8()).append(r.message()).append('\n'));
    if (Files.isDirectory(out)) {
      try (Stream<Path> files = Files.walk(out)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          all.append(Files.readString(file, StandardCharsets.ISO_8859_1)).append('\n');
        }
      }
    }
    return all.toString();
  }

  private Map<String, String> baseEnv(Profiles profile, Path out) {
    if (profile == Profiles.CLOUD) {
      return new HashMap<>(CloudEnv.everyStage());
    }
    // an emulator host makes the local publish read its timeouts too; nothing listens on port 9
    return new HashMap<>(
        new Workspace(dir.resolve("data"), out)
            .environment(Map.of(LocalProfile.EMULATOR_HOST, "127.0.0.1:9")));
  }

  /** The entry point as the platform constructs it; cloud clients are offline doubles. */
  private static StageFunction start(
      Profiles profile, Stage stage, Map<String, String> env, Doubles doubles) {
    Profile cloud = profile == Profiles.CLOUD ? doubles.profile(stage) : null;
    return switch (stage) {
      case ANALYZE ->
          cloud == null
              ? AnalyzeFunction.ENTRY.instance(env, CLOCK)
              : AnalyzeFunction.ENTRY.instance(env, CLOCK, cloud);
      case NOTEBOOK ->
          cloud == null
              ? NotebookFunction.ENTRY.instance(env, CLOCK)
              : NotebookFunction.ENTRY.instance(env, CLOCK, cloud);
      case AWAIT ->
          cloud == null
              ? AwaitFunction.ENTRY.instance(env, CLOCK)
              : AwaitFunction.ENTRY.instance(env, CLOCK, cloud);
      case PUBLISH ->
          cloud == null ? new PublishFunction(env, CLOCK) : new PublishFunction(env, CLOCK, cloud);
    };
  }

  private static RunMessage message(Stage stage) {
    return new RunMessage(
        RunMessage.CURRENT_VERSION,
        RunMessageCodec.deriveRunId(RUN_DATE, "secrets"),
        RUN_DATE,
        stage,
        1,
        Map.of(),
        false,
        NOW.minusSeconds(60));
  }

  private static String first(List<String> leaks) {
    return leaks.isEmpty() ? "" : leaks.get(0);
  }

  /**
   * The cloud's clients, offline: Pub/Sub is an in-process server; Cloud Storage, BigQuery, Vertex
   * AI and the Realtime Database cannot be reached, which the stages report as they would a fault.
   * (The local profile runs the same stages over real files.)
   */
  private static final class Doubles implements AutoCloseable {
    final InProcessPubSub pubsub;

    Doubles() throws IOException {
      pubsub = new InProcessPubSub();
    }

    Profile profile(Stage stage) {
      return switch (stage) {
        case ANALYZE ->
            new AnalyzeCloudProfile(
                () -> {
                  throw new IllegalStateException("BigQuery is not reachable from this test");
                },
                Doubles::storage,
                pubsub.publishers(),
                ms -> {});
        case NOTEBOOK, AWAIT ->
            new NotebookCloudProfile(
                s ->
                    () -> {
                      throw new IllegalStateException("Vertex AI is not reachable from this test");
                    },
                Doubles::storage,
                pubsub.publishers());
        case PUBLISH ->
            new PublishCloudProfile(
                Doubles::storage,
                url -> {
                  throw new IllegalStateException("the database is not reachable from this test");
                },
                pubsub.publishers());
      };
    }

    static Storage storage() {
      throw new IllegalStateException("Cloud Storage is not reachable from this test");
    }

    @Override
    public void close() {
      pubsub.close();
    }
  }
}

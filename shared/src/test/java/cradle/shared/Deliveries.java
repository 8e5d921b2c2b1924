package cradle.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/** What the entry point's tests deliver: a fixed clock, a profile's environment, one run. */
final class Deliveries {
  static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Deliveries() {}

  /** A valid environment for {@code profile}, dropping events older than an hour. */
  static Map<String, String> env(String profile) {
    return Map.of(
        "CRADLE_PROFILE",
        profile,
        "CRADLE_ARTIFACTS_URI",
        "gs://bucket",
        "CRADLE_MAX_EVENT_AGE_SECONDS",
        "3600");
  }

  /** Run "2026-11-25-run" for 2026-11-25, addressed to {@code stage}. */
  static RunMessage run(Stage stage) {
    return RunMessage.start("2026-11-25-run", LocalDate.parse("2026-11-25"), stage);
  }

  /** A factory that needs no port and hands out {@code handler}. */
  static StageHandler.Factory factory(StageHandler handler) {
    return StageHandler.Factory.of(Set.of(), (settings, env, adapters, clock) -> handler);
  }

  /** A handler that throws {@code e}. */
  static StageHandler throwing(Exception e) {
    return (m, log) -> {
      throw e;
    };
  }
}

package cradle.shared.testing;

import cradle.shared.RunEvent;
import java.time.Instant;
import java.util.Map;

/** Run events as stages emit them, for tests of their encoding and delivery. */
public final class RunEventSamples {
  private RunEventSamples() {}

  /** Publish's run "run-a" for 2026-11-25, superseded by a later date. */
  public static RunEvent superseded(
      Instant at, long durationMs, String reason, Map<String, Object> counts) {
    return new RunEvent(
        RunEvent.Kind.SUPERSEDED,
        "publish",
        "run-a",
        "2026-11-25",
        "m-1",
        at,
        durationMs,
        reason,
        counts,
        null);
  }
}

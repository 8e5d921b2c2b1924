package cradle.shared;

import java.util.Map;

/**
 * How a stage ended when it did not fail: {@link RunEvent.Kind#SUCCEEDED}, or {@link
 * RunEvent.Kind#SUPERSEDED} when a later run already holds the result (the stage did its own work,
 * but left what the app reads alone).
 *
 * @param note why it was superseded; for a success, null or what the run event should say (a
 *     duplicate delivery that went on with its attempt)
 * @param counts what the stage produced, for the run event
 */
public record StageOutcome(RunEvent.Kind kind, String note, Map<String, Object> counts) {
  public StageOutcome {
    if (kind != RunEvent.Kind.SUCCEEDED && kind != RunEvent.Kind.SUPERSEDED) {
      throw new IllegalArgumentException("a stage ends as succeeded or superseded, not " + kind);
    }
    counts = counts == null ? Map.of() : Map.copyOf(counts);
  }

  public static StageOutcome succeeded(Map<String, Object> counts) {
    return new StageOutcome(RunEvent.Kind.SUCCEEDED, null, counts);
  }

  /** A duplicate delivery that went on with the work its request's {@code attempt} began. */
  public static StageOutcome wentOnWith(String attempt, Map<String, Object> counts) {
    return new StageOutcome(
        RunEvent.Kind.SUCCEEDED, "duplicate delivery: went on with attempt " + attempt, counts);
  }

  public static StageOutcome superseded(String why, Map<String, Object> counts) {
    return new StageOutcome(RunEvent.Kind.SUPERSEDED, why, counts);
  }
}

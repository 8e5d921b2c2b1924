package cradle.local.generate;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What activity log to generate: {@code babies} babies over the {@code days} report days that end
 * on {@code end} in {@code zone}, drawn from {@code seed} and logged as {@code logging} says.
 */
public record GenerationSpec(
    int babies, int days, long seed, LocalDate end, ZoneId zone, Logging logging) {
  public GenerationSpec {
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(logging, "logging");
  }

  /** As families really log (some forget, some log twice). */
  public static GenerationSpec realistic(
      int babies, int days, long seed, LocalDate end, ZoneId zone) {
    return new GenerationSpec(babies, days, seed, end, zone, Logging.REALISTIC);
  }
}

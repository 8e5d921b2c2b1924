package cradle.publish;

import cradle.shared.config.Env;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.RowCheck;

/**
 * Which contract publish holds report rows to ({@code CRADLE_PUBLISH_CONTRACT}): {@code report}
 * (the default: {@code report.schema.json}) or {@code none} (any JSON rows, for tools and tests
 * that publish rows of their own shape).
 */
final class ReportContract {
  static final String CONTRACT = "CRADLE_PUBLISH_CONTRACT";

  private ReportContract() {}

  static RowCheck read(Env env, KeyPath keyPath) {
    String v = env.optional(CONTRACT, "report");
    switch (v) {
      case "report":
        return keyPath == null ? RowCheck.NONE : ReportSchema.load(keyPath);
      case "none":
        return RowCheck.NONE;
      default:
        env.problem(CONTRACT + "='" + v + "' is not report or none");
        return RowCheck.NONE;
    }
  }
}

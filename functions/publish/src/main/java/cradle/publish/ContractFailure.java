package cradle.publish;

import cradle.shared.StageFailedException;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowRejectedException.Reason;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run whose rows fail the report contract (or are otherwise rejected) in a greater share than the
 * shrink guard lets the report fall is refused as what it is: the notebook and {@code
 * report.schema.json} disagree. Reported before the shrink guard could call it a shrink (whose
 * advice, to force, would publish the few rows that pass and take the rest from the app). An
 * operator's force still publishes the rows that pass, as it always did.
 */
final class ContractFailure {
  private ContractFailure() {}

  /**
   * @param valid rows that passed
   * @param maxShrink the share of rows that may fall away ({@code CRADLE_PUBLISH_MAX_SHRINK})
   * @param force the operator publishes what passes anyway
   * @throws StageFailedException "495 of 500 rows fail the report contract (...); first: ..."
   */
  static void check(long valid, Rejections rejections, double maxShrink, boolean force) {
    long rejected = rejections.total();
    long rows = valid + rejected;
    if (force || rejected == 0 || rejected <= rows * maxShrink) {
      return;
    }
    Map<String, Long> byReason = rejections.countsByReason();
    boolean contractOnly =
        byReason.keySet().equals(java.util.Set.of(Reason.BREAKS_CONTRACT.text()));
    String what =
        contractOnly
            ? "fail the report contract (report.schema.json)"
            : "are rejected ("
                + byReason.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .sorted()
                    .collect(Collectors.joining(", "))
                + ")";
    throw new StageFailedException(
        rejected
            + " of "
            + rows
            + " rows "
            + what
            + (rejections.examples().isEmpty() ? "" : "; first: " + rejections.examples().get(0))
            + "; nothing published: make the notebook's reports and report.schema.json agree, then"
            + " run again from the stage you changed");
  }
}

package cradle.publish;

import cradle.shared.StageFailedException;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowRejectedException.Reason;

/**
 * A run whose rows fail the report contract in a greater share than the shrink guard lets the
 * report fall is refused as what it is: the notebook and {@code report.schema.json} disagree.
 * Reported before the shrink guard could call it a shrink (whose advice, to force, would publish
 * the few rows that pass and take the rest from the app). An operator's force still publishes the
 * rows that pass, as it always did.
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
    long rows = valid + rejections.total();
    long failing = rejections.countsByReason().getOrDefault(Reason.BREAKS_CONTRACT.text(), 0L);
    if (force || failing == 0 || failing <= rows * maxShrink) {
      return;
    }
    String first = rejections.first(Reason.BREAKS_CONTRACT).map(e -> "; first: " + e).orElse("");
    throw new StageFailedException(
        failing
            + " of "
            + rows
            + " rows fail the report contract (report.schema.json)"
            + first
            + "; nothing published: make the notebook's reports and report.schema.json agree, then"
            + " run again from the stage you changed");
  }
}

package cradle.publish;

import cradle.shared.RunMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;

/**
 * Which run the database should show: the database only moves forward.
 *
 * <p>Runs are ordered by report date, then by when the run started, then by run id. The date comes
 * first because the app shows the newest finished report day; a backfill recomputes history without
 * touching it. Within one date the run started later wins, because a deliberate re-run (after
 * fixing the data or the notebook) is started after the run it corrects, while a late or duplicate
 * delivery of the earlier run arrives at any time: ordering by arrival would let it win. The start
 * is the publish time of the message that began the run, carried by every hand-off, so it is the
 * same on every delivery. The run id breaks ties and orders runs whose start is unknown (as the
 * earliest), so the order is total and every publish, in any interleaving, decides alike.
 */
enum Precedence {
  /** The message's run is the one the database shows. */
  ALREADY_PUBLISHED,
  /** The database shows a later run: leave it. */
  SUPERSEDED,
  /** The message's run is later than the one shown (or none is): publish it. */
  NEWER;

  record RunOrder(LocalDate runDate, Instant startedAt, String runId)
      implements Comparable<RunOrder> {
    private static final Comparator<RunOrder> ORDER =
        Comparator.comparing(RunOrder::runDate)
            .thenComparing(o -> o.startedAt() == null ? Instant.EPOCH : o.startedAt())
            .thenComparing(RunOrder::runId);

    static RunOrder of(RunMessage m) {
      return new RunOrder(m.runDate(), m.startedAt(), m.runId());
    }

    static RunOrder of(PublishedMeta meta) {
      return new RunOrder(meta.runDate(), meta.startedAt(), meta.runId());
    }

    @Override
    public int compareTo(RunOrder other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return runDate + " run " + runId + (startedAt == null ? "" : " started " + startedAt);
    }
  }

  /** Where the message's run stands against the published one ({@code force} aside). */
  static Precedence of(RunMessage message, PublishedMeta published) {
    if (!published.published()) {
      return NEWER;
    }
    if (message.runId().equals(published.runId())) {
      return ALREADY_PUBLISHED;
    }
    return RunOrder.of(message).compareTo(RunOrder.of(published)) > 0 ? NEWER : SUPERSEDED;
  }
}

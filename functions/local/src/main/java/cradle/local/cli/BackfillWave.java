package cradle.local.cli;

import cradle.shared.RunEvent;
import cradle.shared.RunMessage;
import cradle.shared.Sleeper;
import cradle.shared.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits until every run of one wave of a backfill has ended, as the runs table tells: published (or
 * superseded), or ended by a failure at any stage. So a backfill keeps at most one wave of runs in
 * flight, however many dates it covers.
 */
final class BackfillWave {
  /** How often the runs table is read while a wave runs. */
  static final Duration POLL = Duration.ofSeconds(60);

  /** Longest a wave may take: longer than any one run (the notebook's limit plus await's). */
  static final Duration LIMIT = Duration.ofHours(4);

  private final RunsTable runs;
  private final Clock clock;
  private final Sleeper sleeper;

  BackfillWave(RunsTable runs, Clock clock, Sleeper sleeper) {
    this.runs = runs;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  void await(List<RunMessage> wave, Instant published) throws InterruptedException {
    Set<String> open = new LinkedHashSet<>(wave.stream().map(RunMessage::runId).toList());
    Instant deadline = published.plus(LIMIT);
    while (true) {
      for (RunEvent e : runs.ofRuns(open, published)) {
        if (ended(e)) {
          open.remove(e.runId());
        }
      }
      if (open.isEmpty()) {
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new IllegalStateException(
            "runs "
                + open
                + " have not ended after "
                + LIMIT.toHours()
                + " h; the backfill stopped before its later dates (./cradle status --project to"
                + " see them)");
      }
      sleeper.sleep(POLL);
    }
  }

  static boolean ended(RunEvent e) {
    return e.event().failure()
        || (Stage.PUBLISH.id().equals(e.stage())
            && (e.event() == RunEvent.Kind.SUCCEEDED || e.event() == RunEvent.Kind.SUPERSEDED));
  }
}

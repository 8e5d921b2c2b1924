package cradle.publish;

import cradle.publish.PublishProgress.Phase;
import cradle.shared.RunMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a publish decides, as pure functions of the message, the meta read under the lease, the
 * recorded progress and the first pass's counts: no database, no artifacts, no clock. {@link
 * PublishSegment} acts on the answers.
 */
final class PublishDecisions {
  private PublishDecisions() {}

  /** What the first invocation of a publish does, given the meta it read under the lease. */
  enum Start {
    /** Publish the run: it is newer than the one shown (or none is), or the message forces it. */
    PUBLISH,
    /** The database shows this run already. */
    ALREADY_PUBLISHED,
    /** The database shows a later run: leave it (the database only moves forward). */
    SUPERSEDED
  }

  /** Whether a publish resumed in a later invocation may go on from its recorded position. */
  enum Resume {
    /** Nothing happened in between: go on from the recorded position. */
    GO_ON,
    /** This run's meta was committed (by this publish, before a crash): nothing is left. */
    ALREADY_COMMITTED,
    /** Another run was published since this publish made its decisions: start it over. */
    ANOTHER_RUN_PUBLISHED,
    /**
     * Another run wrote reports while this publish was between invocations, over nodes this one had
     * written already or nodes its retiring would not consider: start it over.
     */
    ANOTHER_RUN_WROTE
  }

  /** {@link Precedence}, with the operator's {@code force} publishing whatever it finds. */
  static Start onStart(RunMessage message, PublishedMeta meta) {
    if (message.force()) {
      return Start.PUBLISH;
    }
    return switch (Precedence.of(message, meta)) {
      case ALREADY_PUBLISHED -> Start.ALREADY_PUBLISHED;
      case SUPERSEDED -> Start.SUPERSEDED;
      case NEWER -> Start.PUBLISH;
    };
  }

  /**
   * @param runId the resumed publish's run
   * @param progress its recorded progress ({@code basedOn}: the meta its decisions were made on)
   * @param meta the meta read now, under the lease
   */
  static Resume onResume(String runId, PublishProgress progress, PublishedMeta meta) {
    if (!Objects.equals(meta.runId(), progress.basedOn())) {
      return runId.equals(meta.runId()) ? Resume.ALREADY_COMMITTED : Resume.ANOTHER_RUN_PUBLISHED;
    }
    if (!runId.equals(meta.lastWriter())) {
      return Resume.ANOTHER_RUN_WROTE;
    }
    return Resume.GO_ON;
  }

  /**
   * The message as its publish began: the run's start and force travel with its progress, since a
   * hand-written continuation, or a duplicate of the first delivery re-sending a lost hand-off, may
   * lack them; and a replay of a run published before ({@code run --from-stage publish}, {@code
   * replay --run-id}) that does not know when the run started takes the start its earlier publish
   * recorded.
   *
   * @param progress the run's recorded progress, null when there is none
   */
  static RunMessage asBegun(
      RunMessage message, Continuation continuation, PublishProgress progress) {
    if (continuation != Continuation.START) {
      return withStart(message, progress.forced(), progress.startedAt());
    }
    if (progress != null && message.startedAt() == null) {
      return withStart(message, message.force(), progress.startedAt());
    }
    return message;
  }

  private static RunMessage withStart(RunMessage m, boolean force, Instant startedAt) {
    return m.withForce(force).withStartedAt(startedAt != null ? startedAt : m.startedAt());
  }

  /**
   * The shrink guard: why an empty report, or one with more than {@code maxShrink} fewer reports
   * than the last published run, is refused; empty when it may be published (or is forced).
   *
   * @param reports the valid rows of this run
   * @param previous the reports of the published run (0 when none)
   */
  static Optional<String> shrinkRefusal(
      long reports, long previous, boolean force, double maxShrink) {
    if (force) {
      return Optional.empty();
    }
    if (reports == 0) {
      return Optional.of(
          "refusing to publish an empty report (the last run published "
              + previous
              + "); replay publish with force to publish it anyway");
    }
    if (previous > 0 && reports < previous * (1 - maxShrink)) {
      return Optional.of(
          String.format(
              "refusing to publish %d reports against %d last time (%.0f%% fewer, more than the"
                  + " %.0f%% allowed by %s); replay publish with force to publish anyway",
              reports,
              previous,
              100.0 * (previous - reports) / previous,
              100 * maxShrink,
              PublishSettings.MAX_SHRINK));
    }
    return Optional.empty();
  }

  /**
   * Whether an invocation must record its run among the meta's report sources and as its last
   * writer before its first report: so a crash midway leaves no report the meta does not account
   * for, and a resumed publish can tell that another run wrote in between.
   */
  static boolean claimBeforeWriting(PublishedMeta meta, String reportPrefix, String runId) {
    return !meta.reportSources().contains(reportPrefix) || !runId.equals(meta.lastWriter());
  }

  /**
   * After every report is written: stale reports are retired only after a healthy run (no rejected
   * row), since a rejected row's absence proves nothing; otherwise the meta is committed at once.
   */
  static Phase afterWriting(long rejected) {
    return rejected == 0 ? Phase.RETIRE : Phase.COMMIT;
  }

  /** Retiring considers the rows of every earlier run among the sources, never this run's own. */
  static boolean retiresFrom(String source, String reportPrefix) {
    return !source.equals(reportPrefix);
  }

  /**
   * A node an earlier run wrote is stale when this run writes no node of that path. (Each stale
   * path is deleted and counted once, however many earlier runs name it.)
   */
  static boolean stale(String path, KeyHashes published) {
    return !published.contains(path);
  }

  /**
   * The runs whose reports may still be in the database once the meta is committed: a healthy run
   * retired every other run's, so only its own; otherwise every source stays.
   */
  static List<String> committedSources(long rejected, String reportPrefix, List<String> sources) {
    return rejected == 0 ? List.of(reportPrefix) : sources;
  }
}

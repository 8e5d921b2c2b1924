package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.publish.Precedence.RunOrder;
import cradle.publish.PublishHarness.Target;
import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.SleepingClock;
import cradle.shared.Stage;
import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish under random interleavings. A seeded scheduler plays several runs of two or three dates —
 * first deliveries, duplicates, late redeliveries, hand-written continuations with and without
 * {@code started_at}, forced rollbacks, lost hand-offs — with crashes at any write, holders paused
 * past their lease while another run publishes, and lease expiries, against a database with a
 * manual clock. After every step it checks what the guarantees promise:
 *
 * <ul>
 *   <li>every report node was written by a run the meta's {@code report_sources} account for;
 *   <li>the meta never moves to an older run (by the documented order, with the runs' true start
 *       times) unless forced, and its {@code started_at} is its run's true start;
 * </ul>
 *
 * and at quiescence (every message Pub/Sub still holds — a delivery that crashed or asked for a
 * redelivery, a hand-off — delivered until acknowledged, a backoff apart; then every run's first
 * message once more, and the newest run's after that) that the database holds exactly the newest
 * run's reports under a truthful meta.
 *
 * <p>It prints the first seed; {@code -Dcradle.schedule.seed=S -Dcradle.schedules=1} replays one
 * schedule. {@code mvn -P schedules} runs thousands.
 */
class PublishScheduleTest {
  private static final int SCHEDULES = Integer.getInteger("cradle.schedules", 500);
  private static final int SDK_SCHEDULES = Integer.getInteger("cradle.schedules.sdk", 3);
  private static final long SEED =
      Long.getLong("cradle.schedule.seed", new Random().nextLong() & 0xffff_ffffL);
  private static final Duration PAST_LEASE = PublishLease.TERM.plusSeconds(1);

  /** Between two deliveries of a message that was not acknowledged (Pub/Sub: 10-600 s). */
  private static final Duration BACKOFF = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void randomSchedules_keepEveryGuarantee_localDatabase() throws Exception {
    runSchedules(Target.JSON_FILE, SCHEDULES);
  }

  @Test
  void randomSchedules_keepEveryGuarantee_adminSdkIntoFirebaseServer() throws Exception {
    runSchedules(Target.ADMIN_SDK, SDK_SCHEDULES);
  }

  private void runSchedules(Target target, int count) throws Exception {
    System.out.println(
        "PublishScheduleTest "
            + target
            + ": seeds "
            + SEED
            + ".."
            + (SEED + count - 1)
            + " (replay one with -Dcradle.schedule.seed=S -Dcradle.schedules=1)");
    List<String> failures = new ArrayList<>();
    // the functions' log lines, thousands a schedule, are what would make it slow; a failure's
    // schedule trace says what happened
    Log.writeTo(OutputStream.nullOutputStream());
    try {
      for (int i = 0; i < count; i++) {
        long seed = SEED + i;
        // the JSON file database in memory: the same code, locks and atomic replacement, without
        // a disk's rename per write (most of a schedule's time on ext4)
        try (FileSystem memory = Jimfs.newFileSystem(Configuration.unix())) {
          Path own =
              Files.createDirectories(
                  (target == Target.JSON_FILE ? memory.getPath("/db") : dir)
                      .resolve(target + "-" + seed));
          new Schedule(seed, new PublishHarness(target, own)).play();
        } catch (AssertionError e) {
          failures.add("seed " + seed + ": " + e.getMessage());
        }
      }
    } finally {
      Log.writeTo(System.out);
    }
    if (!failures.isEmpty()) {
      failures.forEach(System.out::println);
      fail(
          failures.size()
              + " of "
              + count
              + " schedules broke a guarantee; first: "
              + failures.get(0));
    }
  }

  /** One run of the schedule: its date, true start, and the babies its report names. */
  record Run(LocalDate date, String id, Instant startedAt, int from, int to) {
    RunOrder order() {
      return new RunOrder(date, startedAt, id);
    }

    RunMessage message(int attempt, boolean force, boolean withStart) {
      return RunMessage.start(id, date, Stage.PUBLISH)
          .withAttempt(attempt)
          .withForce(force)
          .withStartedAt(withStart ? startedAt : null);
    }
  }

  /** What the next delivery's database client does: die after some writes, or pause at one. */
  private static final class Plan {
    int crashAfter = -1;
    int pauseAt = -1;
    Runnable whilePaused = () -> {};
  }

  /**
   * Thrown by a client whose instance "died". An {@link Error}, so the function cannot catch it and
   * acknowledge the message as failed: an instance that dies acknowledges nothing, and Pub/Sub
   * delivers the message again.
   */
  private static final class Crash extends Error {
    Crash() {
      super("the instance died", null, false, false);
    }
  }

  private static final class ScheduledSink extends ForwardingReportSink {
    private final Plan plan;
    private int writes;

    ScheduledSink(ReportSink sink, Plan plan) {
      super(sink);
      this.plan = plan;
    }

    @Override
    public CompletableFuture<Void> submit(UpdateChunk updates) throws IOException {
      step();
      return sink.submit(updates);
    }

    @Override
    public Transacted transact(
        String path, java.util.function.Function<JsonElement, java.util.Optional<JsonElement>> f)
        throws IOException {
      step();
      return sink.transact(path, f);
    }

    private void step() {
      if (writes++ == plan.crashAfter) {
        throw new Crash();
      }
    }
  }

  /**
   * A manual clock on which a holder can freeze: the pacer sleeps on it between writes, and at the
   * planned sleep the clock runs what happens meanwhile (the lease expires, another run publishes).
   */
  private static final class PausingClock extends SleepingClock {
    private Instant now = PublishHarness.NOW;
    private Plan plan = new Plan();
    private int sleeps;

    void advance(Duration d) {
      now = now.plus(d);
    }

    void plan(Plan next) {
      plan = next;
      sleeps = 0;
    }

    @Override
    protected void pass(Duration pause) {
      now = now.plus(pause);
      if (sleeps++ == plan.pauseAt) {
        Runnable r = plan.whilePaused;
        plan.whilePaused = () -> {};
        Plan mine = plan;
        r.run();
        plan(mine);
        sleeps = Integer.MAX_VALUE / 2; // once
      }
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final class Schedule {
    private final long seed;
    private final Random random;
    private final PublishHarness h;
    private final PausingClock clock = new PausingClock();
    private final List<Run> runs = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private Plan plan = new Plan();
    private PublishedMeta before = PublishedMeta.NONE;

    /** The messages Pub/Sub still holds: delivered without an acknowledgement, or never. */
    private final List<RunMessage> unacked = new ArrayList<>();

    private int handedSeen;

    Schedule(long seed, PublishHarness h) {
      this.seed = seed;
      this.random = new Random(seed);
      this.h = h;
      h.clock(clock).wrapSink(s -> new ScheduledSink(s, plan));
      // about 27 rows a segment, so a run spans two or three invocations
      h.env("CRADLE_PUBLISH_BYTES_PER_MINUTE", "3000");
      h.env("CRADLE_PUBLISH_CHUNK_BYTES", "500");
      h.env("CRADLE_PUBLISH_SEGMENT_SECONDS", "60");
      h.env("CRADLE_PUBLISH_MAX_SHRINK", "0.9");
    }

    void play() throws Exception {
      int dates = 2 + random.nextInt(2);
      LocalDate first = LocalDate.of(2026, 11, 20);
      for (int d = 0; d < dates; d++) {
        int perDate = 1 + random.nextInt(2);
        for (int r = 0; r < perDate; r++) {
          // ids that sort against their start times, so only the start can order them
          String id = "run-" + (char) ('z' - runs.size()) + d + r;
          Instant started = PublishHarness.NOW.minusSeconds(3600L * (10 - runs.size()));
          int from = random.nextInt(40);
          Run run = new Run(first.plusDays(d), id, started, from, from + 30 + random.nextInt(60));
          runs.add(run);
          h.reports(run.date(), run.id(), run.from(), run.to());
        }
      }
      int steps = 8 + random.nextInt(14);
      try {
        for (int i = 0; i < steps; i++) {
          step(true);
        }
        quiesce();
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n  schedule: " + String.join(" | ", trace), e);
      }
    }

    private void step(boolean mayNest) throws Exception {
      Run run = runs.get(random.nextInt(runs.size()));
      int kind = random.nextInt(mayNest ? 10 : 8);
      Plan next = new Plan();
      if (random.nextInt(4) == 0) {
        next.crashAfter = random.nextInt(12);
      }
      switch (kind) {
        case 0, 1, 2 -> deliver("first " + run.id(), run.message(1, false, true), next);
        case 3 -> deliver("forced " + run.id(), run.message(1, true, true), next);
        case 4, 5 -> {
          List<RunMessage> handed = h.handedOff;
          if (handed.isEmpty()) {
            deliver("first " + run.id(), run.message(1, false, true), next);
          } else {
            // the newest hand-off, or any earlier one again (a duplicate, a late redelivery)
            RunMessage m =
                random.nextInt(3) == 0
                    ? handed.get(random.nextInt(handed.size()))
                    : handed.get(handed.size() - 1);
            deliver("handed " + m.runId() + "#" + m.attempt(), m, next);
          }
        }
        case 6 -> {
          int attempt = 2 + random.nextInt(2);
          boolean withStart = random.nextBoolean();
          deliver(
              "hand-written " + run.id() + "#" + attempt + (withStart ? "" : " without started_at"),
              run.message(attempt, false, withStart),
              next);
        }
        case 7 -> {
          trace.add("lease expires");
          clock.advance(PAST_LEASE);
        }
        default -> {
          // a holder pauses at one of its writes past its lease; another run publishes meanwhile
          next.crashAfter = -1;
          next.pauseAt = 1 + random.nextInt(6);
          next.whilePaused =
              () -> {
                trace.add("(paused: lease expires");
                clock.advance(PAST_LEASE);
                try {
                  step(false);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                trace.add("resumes)");
              };
          deliver("pausing " + run.id(), run.message(1, false, true), next);
        }
      }
    }

    private void deliver(String what, RunMessage message, Plan next) throws Exception {
      Plan outer = plan;
      plan = next;
      clock.plan(next);
      h.wrapSink(s -> new ScheduledSink(s, next));
      String outcome;
      boolean acked = false;
      try {
        h.deliver(message);
        acked = true;
        outcome =
            "acked " + (h.events.isEmpty() ? "" : h.last().event().id() + " " + h.last().reason());
      } catch (Crash e) {
        outcome = "crashed";
      } catch (Exception e) {
        outcome = "redeliver";
      } finally {
        plan = outer;
      }
      if (acked) {
        unacked.remove(message);
      } else if (!unacked.contains(message)) {
        unacked.add(message);
      }
      // every hand-off is a message Pub/Sub delivers until it is acknowledged, the first time
      // within seconds: ahead of the redeliveries, which back off
      unacked.addAll(0, h.handedOff.subList(handedSeen, h.handedOff.size()));
      handedSeen = h.handedOff.size();
      trace.add(
          what
              + (next.crashAfter >= 0 ? " (dies at write " + next.crashAfter + ")" : "")
              + ": "
              + outcome);
      check();
    }

    /**
     * Every message not yet acknowledged (first deliveries that crashed or asked for a redelivery,
     * hand-offs) delivered until acknowledged, with the lease expiring between redeliveries; then
     * every run's first message once more, and the newest run's once more after that.
     */
    private void quiesce() throws Exception {
      trace.add("quiesce");
      drain();
      for (Run run : runs) {
        unacked.add(run.message(1, false, true));
        drain();
      }
      Run winner = runs.stream().max(Comparator.comparing(Run::order)).orElseThrow();
      unacked.add(winner.message(1, false, true));
      drain();
      PublishedMeta meta = h.meta();
      assertEquals(winner.id(), meta.runId(), "at quiescence the newest run is published");
      assertEquals(
          PublishHarness.allBy(winner.id(), winner.from(), winner.to()),
          h.writers(),
          "at quiescence the database holds exactly the newest run's reports");
      assertEquals(winner.to() - winner.from(), meta.reports(), "the meta's count");
    }

    private void drain() throws Exception {
      for (int guard = 0; !unacked.isEmpty(); guard++) {
        if (guard > 500) {
          fail("the messages " + unacked + " are never acknowledged");
        }
        RunMessage m = unacked.get(0);
        deliver("settle " + m.runId() + "#" + m.attempt(), m, new Plan());
        if (unacked.remove(m)) {
          unacked.add(m); // redelivered after the others, a backoff later
          clock.advance(BACKOFF);
        }
      }
    }

    private Run run(String id) {
      return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private void check() throws IOException {
      PublishedMeta meta = h.meta();
      Map<String, String> writers = new TreeMap<>();
      // the run ids as stored: no need to normalize numbers read back (PublishHarness.reports)
      JsonElement stored = h.database().read("reports");
      JsonObject reports = stored == null ? new JsonObject() : stored.getAsJsonObject();
      for (Map.Entry<String, JsonElement> user : reports.entrySet()) {
        for (Map.Entry<String, JsonElement> baby : user.getValue().getAsJsonObject().entrySet()) {
          writers.put(
              user.getKey() + "/" + baby.getKey(),
              baby.getValue().getAsJsonObject().get("run_id").getAsString());
        }
      }
      for (Map.Entry<String, String> node : writers.entrySet()) {
        Run writer = run(node.getValue());
        String prefix = PublishHarness.reportPrefix(writer.date(), writer.id());
        if (!meta.reportSources().contains(prefix)) {
          fail(
              "reports/"
                  + node.getKey()
                  + " holds a report of "
                  + writer.id()
                  + ", which the meta does not account for (report_sources "
                  + meta.reportSources()
                  + ", meta of "
                  + meta.runId()
                  + ")");
        }
      }
      if (meta.published()) {
        Run shown = run(meta.runId());
        assertEquals(
            shown.startedAt(),
            meta.startedAt(),
            "the meta of " + shown.id() + " records its run's true start");
        if (before.published()
            && !meta.runId().equals(before.runId())
            && !meta.forced()
            && shown.order().compareTo(run(before.runId()).order()) < 0) {
          fail(
              "the meta moved back from "
                  + before.runId()
                  + " to the older "
                  + shown.id()
                  + " without force");
        }
      }
      before = meta;
    }
  }
}

package cradle.local.cli;

import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.cloud.CloudSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes replay messages to a deployed Cradle's stage topic (application default"
          + " credentials).",
      "Replaying analyze starts a new run of each date (--to makes it a backfill);",
      "replaying a later stage continues the run named by --run-id.",
      "A backfill skips dates already published (--include-published to run them again) and runs"
          + " at most --parallel dates at once, waiting for each to finish in the runs table."
    })
final class ReplayCommand implements Callable<Integer> {
  @Mixin SharedOptions.Project project;

  @Option(names = "--stage", required = true, description = "analyze, notebook, await or publish.")
  String stage;

  @Option(names = "--date", required = true, description = "Report date (the first, with --to).")
  LocalDate date;

  @Option(names = "--to", description = "Last report date of a backfill (analyze only).")
  LocalDate to;

  @Option(names = "--run-id", description = "The run to continue (required for later stages).")
  String runId;

  @Option(
      names = "--topic-prefix",
      description = "Topic names are PREFIX-STAGE (default ${DEFAULT-VALUE}).",
      defaultValue = "cradle")
  String topicPrefix;

  @Option(
      names = "--shard",
      description =
          "Publish only: the database instance to publish again (0 to N-1), leaving the others"
              + " alone (default: every shard).")
  Integer shard;

  @Mixin SharedOptions.Force force;

  @Option(
      names = "--dry-run",
      description = "Print the equivalent gcloud commands; publish nothing.")
  boolean dryRun;

  @Option(
      names = "--include-published",
      description = "Backfill dates that some run has already published, too.")
  boolean includePublished;

  @Option(
      names = "--parallel",
      description = "Most runs of a backfill at once (default ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int parallel;

  @Mixin SharedOptions.Dataset dataset;

  @Mixin SharedOptions.TimeZone timeZone;

  @Option(
      names = "--max-run-age-days",
      description =
          "The functions' CRADLE_MAX_RUN_AGE_DAYS: older dates are refused (default"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "400")
  int maxRunAgeDays;

  private final CloudClients cloud;

  ReplayCommand(CloudClients cloud) {
    this.cloud = cloud;
  }

  @Override
  public Integer call() throws Exception {
    Stage s =
        Stage.fromId(stage)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--stage '" + stage + "' is not one of " + Stage.allIds()));
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
    }
    LocalDate last = to == null ? date : to;
    Replay.checkAge(
        date,
        last,
        new RunMessageCodec(cloud.clock(), timeZone.zone, maxRunAgeDays, "gs://unused"),
        maxRunAgeDays);
    CloudSettings topics = new CloudSettings(project.id, topicPrefix);
    List<RunMessage> messages = Replay.messages(s, date, last, runId, force.requested, shard);
    boolean backfill = to != null;
    RunsTable runs = backfill ? cloud.runsTable(project.id, dataset.name) : null;
    if (backfill && !includePublished) {
      java.util.Set<LocalDate> published = runs.publishedDates(date, last);
      published.forEach(
          d ->
              System.out.println(
                  "skipped " + d + ": already published (--include-published to run it again)"));
      messages = messages.stream().filter(m -> !published.contains(m.runDate())).toList();
    }
    if (dryRun) {
      messages.forEach(m -> System.out.println(Replay.gcloud(m, topics)));
      return 0;
    }
    for (int from = 0; from < messages.size(); from += parallel) {
      List<RunMessage> wave = messages.subList(from, Math.min(messages.size(), from + parallel));
      java.time.Instant started = cloud.clock().instant();
      List<String> ids = Replay.publish(wave, topics, cloud.publishers());
      for (int i = 0; i < wave.size(); i++) {
        RunMessage m = wave.get(i);
        System.out.printf(
            "published %s run %s for %s to %s (message %s)%n",
            m.stage().id(), m.runId(), m.runDate(), topics.topic(m.stage()), ids.get(i));
      }
      if (from + parallel < messages.size()) {
        new BackfillWave(runs, cloud.clock(), cloud.sleeper()).await(wave, started);
      }
    }
    return 0;
  }
}

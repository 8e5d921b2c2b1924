package cradle.local.cli;

import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.PubSubHandOff;
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
      "replaying a later stage continues the run named by --run-id."
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

  @Option(names = "--force", description = "Publish even if the shrink guard would refuse.")
  boolean force;

  @Option(
      names = "--dry-run",
      description = "Print the equivalent gcloud commands; publish nothing.")
  boolean dryRun;

  /** Where publishers come from; tests point it at an in-process Pub/Sub. */
  static PubSubHandOff.PublisherFactory publishers = PubSubHandOff.defaultPublishers();

  @Override
  public Integer call() throws Exception {
    Stage s =
        Stage.fromId(stage)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--stage '" + stage + "' is not one of " + Stage.allIds()));
    CloudSettings cloud = new CloudSettings(project.id, topicPrefix);
    List<RunMessage> messages = Replay.messages(s, date, to == null ? date : to, runId, force);
    if (dryRun) {
      messages.forEach(m -> System.out.println(Replay.gcloud(m, cloud)));
      return 0;
    }
    List<String> ids = Replay.publish(messages, cloud, publishers);
    for (int i = 0; i < messages.size(); i++) {
      RunMessage m = messages.get(i);
      System.out.printf(
          "published %s run %s for %s to %s (message %s)%n",
          m.stage().id(), m.runId(), m.runDate(), cloud.topic(m.stage()), ids.get(i));
    }
    return 0;
  }
}

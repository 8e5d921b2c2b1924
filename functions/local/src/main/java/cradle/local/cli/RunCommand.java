package cradle.local.cli;

import cradle.local.Workspace;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the pipeline for one report date through the deployed entry points.")
final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--date", description = "Report date (default: the latest date in the data).")
  LocalDate date;

  @Mixin SharedOptions.DataDirectory data;

  @Mixin SharedOptions.OutDirectory out;

  @Option(
      names = "--from-stage",
      description =
          "First stage: analyze, notebook, await or publish (default ${DEFAULT-VALUE}); "
              + "later stages continue the latest run of the date unless --run-id names one.",
      defaultValue = "analyze")
  String fromStage;

  @Option(
      names = "--run-id",
      description = "Run id (default: a new run, or the latest when continuing).")
  String runId;

  @Mixin SharedOptions.Force force;

  @Override
  public Integer call() throws Exception {
    Stage from =
        Stage.fromId(fromStage)
            .orElseThrow(
                () ->
                    OptionChecks.usage(
                        spec, "--from-stage '" + fromStage + "' is not one of " + Stage.allIds()));
    if (runId != null && !RunMessage.RUN_ID.matcher(runId).matches()) {
      throw OptionChecks.usage(
          spec,
          "--run-id '"
              + runId
              + "' is not a run id (lowercase letters, digits and '-', at most 63, such as"
              + " 2026-11-25-31db15db)");
    }
    return new LocalRun(new Workspace(data.path(), out.path()), System.out)
        .run(date, from, runId, force.requested);
  }
}

package cradle.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./cradle}: run Cradle's pipeline on this machine. */
@Command(
    name = "cradle",
    mixinStandardHelpOptions = true,
    version = "cradle 0.1.0",
    description = "Runs Cradle's nightly report pipeline on this machine (the local profile).",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      RunCommand.class,
      ReshapeCommand.class,
      ReplayCommand.class,
      DoctorCommand.class,
      StatusCommand.class,
      cradle.local.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CradleCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line; errors become one line on stderr and a non-zero exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new CradleCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("cradle: " + (e.getMessage() == null ? e : e.getMessage()));
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: demo, generate, run, reshape");
  }
}

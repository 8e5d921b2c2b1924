package cradle.local.cli;

import cradle.shared.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Function;
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
      SqlCheckCommand.class,
      DiffCommand.class,
      cradle.local.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CradleCli implements Runnable {
  /** Exit code of a usage mistake (a bad option or value), as picocli and most tools use. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs a command line. Every error is one line on stderr naming the problem: usage mistakes exit
   * {@value #USAGE}, failures 1; {@code --help} still prints the full usage.
   */
  public static int execute(String... args) {
    return execute(CloudClients.real(), args);
  }

  /** {@link #execute(String...)}, reaching a deployed Cradle through {@code cloud}. */
  static int execute(CloudClients cloud, String... args) {
    CommandLine cli = new CommandLine(new CradleCli(), factory(cloud));
    cli.registerConverter(
        LocalDate.class, parsed(LocalDate::parse, "a date (YYYY-MM-DD, e.g. 2026-11-25)"));
    cli.registerConverter(
        ZoneId.class,
        parsed(ZoneId::of, "a time zone (a region such as Asia/Tokyo, or an offset: +09:00)"));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine command = e.getCommandLine();
          String message = e.getMessage();
          if (e instanceof CommandLine.UnmatchedArgumentException unmatched
              && !command.getSubcommands().isEmpty()
              && !unmatched.getUnmatched().isEmpty()
              && !unmatched.getUnmatched().get(0).startsWith("-")) {
            message =
                "unknown command '"
                    + unmatched.getUnmatched().get(0)
                    + "'; the commands are "
                    + commands(command.getCommandSpec());
          }
          command
              .getErr()
              .println(
                  "cradle: "
                      + oneLine(message)
                      + " (see ./"
                      + command.getCommandSpec().qualifiedName(" ")
                      + " --help)");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          command.getErr().println("cradle: " + describe(e));
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: " + commands(spec));
  }

  /**
   * Picocli's factory, but for the commands that reach a deployed Cradle: those get {@code cloud}.
   */
  private static CommandLine.IFactory factory(CloudClients cloud) {
    CommandLine.IFactory picocli = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == ReplayCommand.class) {
          return type.cast(new ReplayCommand(cloud));
        }
        if (type == StatusCommand.class) {
          return type.cast(new StatusCommand(cloud));
        }
        return picocli.create(type);
      }
    };
  }

  private static String commands(CommandLine.Model.CommandSpec spec) {
    return String.join(", ", spec.subcommands().keySet().stream().sorted().toList());
  }

  /** What went wrong, in one line: file problems name the file, bugs say they are bugs. */
  static String describe(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
    }
    if (t instanceof IOException && t.getMessage() != null) {
      return oneLine(t.getMessage());
    }
    if (t instanceof IllegalArgumentException
        || t instanceof IllegalStateException
        || t instanceof ConfigException) {
      return oneLine(String.valueOf(t.getMessage()));
    }
    return "unexpected "
        + t.getClass().getSimpleName()
        + ": "
        + oneLine(String.valueOf(t.getMessage()));
  }

  static String oneLine(String message) {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  /** A converter by {@code parse}, whose refusal says the value is not {@code what}. */
  private static <T> CommandLine.ITypeConverter<T> parsed(Function<String, T> parse, String what) {
    return value -> {
      try {
        return parse.apply(value);
      } catch (DateTimeException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not " + what);
      }
    };
  }
}

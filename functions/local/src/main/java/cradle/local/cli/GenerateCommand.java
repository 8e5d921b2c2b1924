package cradle.local.cli;

import cradle.local.LocalWarehouse;
import cradle.local.Progress;
import cradle.local.Workspace;
import cradle.local.generate.GenerationSpec;
import cradle.local.generate.Logging;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes a seeded, synthetic activity log into DIR/warehouse.duckdb (replacing it).")
final class GenerateCommand implements Callable<Integer> {

  @Mixin SharedOptions.GenerationSize size;

  @Option(
      names = "--seed",
      description = "Random seed (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(names = "--end", description = "Last report date (default: yesterday in the time zone).")
  LocalDate end;

  @Mixin SharedOptions.TimeZone timeZone;

  @Option(
      names = "--logging",
      description =
          "How families log: realistic or complete (default ${DEFAULT-VALUE}; complete keeps"
              + " every event of the same babies for the same seed).",
      defaultValue = "realistic",
      converter = LoggingConverter.class)
  Logging logging;

  @Option(
      names = "--out",
      description = "Data directory (default ${DEFAULT-VALUE}).",
      defaultValue = "cradle-out/data")
  Path out;

  /** Lower-case names on the command line. */
  static final class LoggingConverter implements picocli.CommandLine.ITypeConverter<Logging> {
    @Override
    public Logging convert(String value) {
      try {
        return Logging.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "--logging must be realistic or complete, not '" + value + "'");
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    int babies = size.checked().babies;
    int days = size.days;
    LocalDate last = end != null ? end : LocalDate.now(timeZone.zone).minusDays(1);
    Workspace ws = new Workspace(out, out);
    long started = System.nanoTime();
    LocalWarehouse.Generated g;
    try (Progress progress = Progress.onTerminal("generate", babies, "babies")) {
      g =
          LocalWarehouse.generate(
              ws.warehouse(),
              new GenerationSpec(babies, days, seed, last, timeZone.zone, logging),
              progress::set);
    }
    System.out.printf(
        "generated %,d babies, %,d events, %s to %s, in %.1f s -> %s%n",
        g.babies(),
        g.events(),
        last.minusDays(days - 1),
        last,
        (System.nanoTime() - started) / 1e9,
        ws.warehouse());
    return 0;
  }
}

package cradle.local.cli;

import cradle.local.LocalWarehouse;
import cradle.local.Progress;
import cradle.local.Workspace;
import cradle.shared.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generates a sample activity log if there is none, then runs every stage for its latest"
            + " date.")
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      description = "Output directory (default ${DEFAULT-VALUE}).",
      defaultValue = "cradle-out")
  Path out;

  @Option(
      names = "--babies",
      description = "Babies to generate when there is no data (default ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int babies;

  @Option(
      names = "--days",
      description = "Days to generate when there is no data (default ${DEFAULT-VALUE}).",
      defaultValue = "28")
  int days;

  @Override
  public Integer call() throws Exception {
    OptionChecks.outputDirectory(spec, "--out", out);
    long started = System.nanoTime();
    Workspace ws = new Workspace(out.resolve("data"), out);
    if (!Files.exists(ws.warehouse())) {
      ZoneId zone = ZoneId.of("Asia/Tokyo");
      LocalDate end = LocalDate.now(zone).minusDays(1);
      LocalWarehouse.Generated g;
      try (Progress progress = Progress.onTerminal("generate", babies, "babies")) {
        g = LocalWarehouse.generate(ws.warehouse(), babies, days, 1, end, zone, progress::set);
      }
      System.out.printf(
          "generated %,d babies and %,d events over %d days in %.1f s%n",
          g.babies(), g.events(), days, (System.nanoTime() - started) / 1e9);
    } else {
      System.out.println("using the activity log in " + ws.warehouse());
    }
    int code = new LocalRun(ws, System.out).run(null, Stage.ANALYZE, null);
    System.out.printf("%ndemo finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return code;
  }
}

package cradle.local.cli;

import cradle.local.LocalWarehouse;
import cradle.local.Progress;
import cradle.local.Workspace;
import cradle.local.generate.GenerationSpec;
import cradle.shared.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generates a sample activity log if there is none, then runs every stage for its latest"
            + " date.")
final class DemoCommand implements Callable<Integer> {

  @Mixin SharedOptions.OutDirectory out;

  @Mixin SharedOptions.GenerationSize size;

  @Override
  public Integer call() throws Exception {
    Path dir = out.path();
    SharedOptions.GenerationSize generated = size.checked();
    long started = System.nanoTime();
    Workspace ws = new Workspace(dir.resolve("data"), dir);
    if (!Files.exists(ws.warehouse())) {
      ZoneId zone = ZoneId.of("Asia/Tokyo");
      LocalDate end = LocalDate.now(zone).minusDays(1);
      LocalWarehouse.Generated g;
      try (Progress progress = Progress.onTerminal("generate", generated.babies, "babies")) {
        g =
            LocalWarehouse.generate(
                ws.warehouse(),
                GenerationSpec.realistic(generated.babies, generated.days, 1, end, zone),
                progress::set);
      }
      System.out.printf(
          "generated %,d babies and %,d events over %d days in %.1f s%n",
          g.babies(), g.events(), generated.days, (System.nanoTime() - started) / 1e9);
    } else {
      System.out.println("using the activity log in " + ws.warehouse());
    }
    int code = new LocalRun(ws, System.out).run(null, Stage.ANALYZE, null);
    System.out.printf("%ndemo finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
    return code;
  }
}

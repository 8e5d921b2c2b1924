package cradle.local.cli;

import cradle.local.ReportDiff;
import cradle.local.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what changed between two local runs' reports: babies added and removed, each field"
          + " that changed (with how many babies and a first example) and each claim (a flag, the"
          + " sleep norm's status) that appeared or vanished.",
      "A run is a run id (as ./cradle run and ./cradle status print it: its report is the attempt"
          + " at the notebook that await confirmed last) or a report.jsonl file (an attempt's:"
          + " runs/DATE/RUN_ID/notebook/ATTEMPT/report/report.jsonl)."
    })
final class DiffCommand implements Callable<Integer> {
  private static final int EXAMPLES = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "The run before.")
  String runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The run after.")
  String runB;

  @Mixin SharedOptions.OutDirectory out;

  @Option(
      names = "--show",
      description = "Fields to list at most (default ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int show;

  @Override
  public Integer call() throws IOException {
    Path a = reports(runA);
    Path b = reports(runB);
    Map<String, com.google.gson.JsonObject> before = ReportDiff.read(a);
    Map<String, com.google.gson.JsonObject> after = ReportDiff.read(b);
    ReportDiff.Result r = ReportDiff.compare(before, after);
    System.out.printf("A %s: %,d reports (%s)%n", runA, r.before(), a);
    System.out.printf("B %s: %,d reports (%s)%n", runB, r.after(), b);
    int both = r.before() - r.removed().size();
    System.out.printf(
        "babies: %,d added%s, %,d removed%s, %,d in both, %,d of them changed%n",
        r.added().size(),
        examples(r.added()),
        r.removed().size(),
        examples(r.removed()),
        both,
        r.changed());
    if (!r.fields().isEmpty()) {
      System.out.printf("fields changed (babies, first example):%n");
      int width = r.fields().keySet().stream().mapToInt(String::length).max().orElse(0);
      r.fields().entrySet().stream()
          .limit(show)
          .forEach(
              e ->
                  System.out.printf(
                      "  %-" + width + "s %,7d  %s%n",
                      e.getKey(),
                      e.getValue().babies(),
                      e.getValue().example()));
      if (r.fields().size() > show) {
        System.out.printf("  ... and %d more fields (--show)%n", r.fields().size() - show);
      }
    }
    if (!r.claims().isEmpty()) {
      System.out.printf("claims (babies it appeared in / vanished from, first of each):%n");
      int width = r.claims().keySet().stream().mapToInt(String::length).max().orElse(0);
      r.claims()
          .forEach(
              (claim, c) ->
                  System.out.printf(
                      "  %-" + width + "s %+,6d %,6d  %s%n",
                      claim,
                      c.appeared(),
                      -c.vanished(),
                      String.join(
                          "; ",
                          Stream.of(
                                  c.firstAppeared() == null
                                      ? null
                                      : "appeared: " + c.firstAppeared(),
                                  c.firstVanished() == null
                                      ? null
                                      : "vanished: " + c.firstVanished())
                              .filter(s -> s != null)
                              .toList())));
    }
    if (r.added().isEmpty() && r.removed().isEmpty() && r.changed() == 0) {
      System.out.println("the reports are the same (the run id aside)");
    }
    return 0;
  }

  private static String examples(List<String> babies) {
    if (babies.isEmpty()) {
      return "";
    }
    return " ("
        + String.join(", ", babies.subList(0, Math.min(EXAMPLES, babies.size())))
        + (babies.size() > EXAMPLES ? ", ..." : "")
        + ")";
  }

  /** A report.jsonl given as a file, or the confirmed one of the run with that id under --out. */
  private Path reports(String run) throws IOException {
    Path file = Path.of(run);
    if (Files.isRegularFile(file)) {
      return file;
    }
    Workspace ws = new Workspace(Path.of("."), out.path());
    Path runs = ws.bucket().resolve("runs");
    if (Files.isDirectory(runs) && !run.contains("/")) {
      try (Stream<Path> dates = Files.list(runs)) {
        for (Path date : dates.sorted().toList()) {
          Optional<Path> report =
              Files.isDirectory(date.resolve(run))
                  ? ws.runReport(date.resolve(run))
                  : Optional.empty();
          if (report.isPresent()) {
            return report.get();
          }
        }
      }
    }
    throw OptionChecks.usage(
        spec,
        run
            + " is neither a report.jsonl file nor a run with reports under "
            + runs
            + " (./cradle status --out "
            + out.path()
            + " lists the runs)");
  }
}

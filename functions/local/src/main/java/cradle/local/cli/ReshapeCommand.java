package cradle.local.cli;

import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.TreeWriter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reshape",
    mixinStandardHelpOptions = true,
    description = {
      "Turns JSON Lines rows into one keyed JSON tree, as publish does:",
      "  {\"user_id\":\"u1\",\"baby_id\":\"b1\",...} -> {\"u1\":{\"b1\":{...}}}",
      "Rows must be grouped by the key path (the analysis sorts them so).",
      "The output is replaced whole, and only when at least one row was kept."
    })
final class ReshapeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", required = true, description = "Input rows (JSON Lines).")
  Path in;

  @Option(
      names = "--key",
      description = "Key path (default ${DEFAULT-VALUE}).",
      defaultValue = "user_id/baby_id")
  String key;

  @Option(names = "--out", required = true, description = "Output tree (JSON), a regular file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    KeyPath keyPath = keyPath();
    OptionChecks.inputFile(spec, "--in", in);
    Rejections rejections = new Rejections();
    long rows;
    try (OutputFile output = OutputFile.open(spec, "--out", out)) {
      try (InputStream input = Files.newInputStream(in);
          TreeWriter tree = new TreeWriter(output.stream(), keyPath)) {
        rows =
            JsonlRows.stream(
                input,
                in.toString(),
                () -> new RowReshaper(keyPath, 0),
                Runtime.getRuntime().availableProcessors(),
                rejections,
                tree::add);
      }
      if (rows == 0 && rejections.total() > 0) {
        System.err.println(
            "cradle: every row was rejected, " + out + " left as it was: " + rejections.summary());
        return CradleCli.USAGE;
      }
      output.commit();
    }
    System.out.printf("%,d rows -> %s%n", rows, out);
    if (rejections.total() > 0) {
      System.err.println("cradle: " + rejections.summary());
      return CradleCli.USAGE;
    }
    return 0;
  }

  private KeyPath keyPath() {
    try {
      return KeyPath.parse(key);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--key " + e.getMessage());
    }
  }
}

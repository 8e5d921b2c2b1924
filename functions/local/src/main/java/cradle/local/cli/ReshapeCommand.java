package cradle.local.cli;

import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.TreeWriter;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reshape",
    mixinStandardHelpOptions = true,
    description = {
      "Turns JSON Lines rows into one keyed JSON tree, as publish does:",
      "  {\"user_id\":\"u1\",\"baby_id\":\"b1\",...} -> {\"u1\":{\"b1\":{...}}}",
      "Rows must be grouped by the key path (the analysis sorts them so)."
    })
final class ReshapeCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, description = "Input rows (JSON Lines).")
  Path in;

  @Option(
      names = "--key",
      description = "Key path (default ${DEFAULT-VALUE}).",
      defaultValue = "user_id/baby_id")
  String key;

  @Option(names = "--out", required = true, description = "Output tree (JSON).")
  Path out;

  @Override
  public Integer call() throws Exception {
    KeyPath keyPath = KeyPath.parse(key);
    Rejections rejections = new Rejections();
    long rows;
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".reshape-", ".tmp");
    try (InputStream input = Files.newInputStream(in);
        OutputStream w = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        TreeWriter tree = new TreeWriter(w, keyPath)) {
      rows =
          JsonlRows.stream(
              input,
              in.toString(),
              () -> new RowReshaper(keyPath, 0),
              Runtime.getRuntime().availableProcessors(),
              rejections,
              tree::add);
    } catch (RuntimeException | java.io.IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf("%,d rows -> %s%n", rows, out);
    if (rejections.total() > 0) {
      System.err.println("cradle: " + rejections.summary());
      return 2;
    }
    return 0;
  }
}

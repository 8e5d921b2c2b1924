package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.local.LocalWarehouse;
import cradle.local.generate.GenerationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cradle sql-check} as a process, reading the SQL and the compatibility layer from a
 * working tree (CRADLE_HOME): the tree as it is agrees; a tree whose compatibility layer rounds
 * UNIX_SECONDS, as it once did, differs and exits 1.
 */
class SqlCheckCommandTest {
  private static final String RESOURCES = "functions/analyze/src/main/resources/cradle/analyze/";

  @TempDir Path dir;

  private record Run(int code, String out) {}

  private Run sqlCheck(Path home, Path data) throws Exception {
    Path out = dir.resolve("out.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "cradle.local.cli.CradleCli",
                "sql-check",
                "--data",
                data.toString(),
                "--users",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("CRADLE_HOME", home.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "sql-check still running after 5 min");
    return new Run(p.exitValue(), Files.readString(out));
  }

  private Path tree(String compat) throws Exception {
    Path home = Files.createTempDirectory(dir, "tree");
    Path resources = Files.createDirectories(home.resolve(RESOURCES));
    Path checkout = checkout();
    Files.copy(
        checkout.resolve(RESOURCES + "report_inputs.sql"), resources.resolve("report_inputs.sql"));
    Files.writeString(resources.resolve("duckdb_compat.sql"), compat);
    return home;
  }

  @Test
  void workingTree_agrees_aRoundingCompatibilityLayer_differs() throws Exception {
    Path data = dir.resolve("data");
    LocalWarehouse.generate(
        data.resolve("warehouse.duckdb"),
        GenerationSpec.realistic(
            30, 14, 5, LocalDate.parse("2026-11-25"), ZoneId.of("Asia/Tokyo")));
    String compat = Files.readString(checkout().resolve(RESOURCES + "duckdb_compat.sql"));
    String rounding =
        compat.replace("CAST(floor(epoch(ts)) AS BIGINT)", "CAST(epoch(ts) AS BIGINT)");
    assertTrue(!rounding.equals(compat), "the sabotage applies");

    Run same = sqlCheck(tree(compat), data);
    Run broken = sqlCheck(tree(rounding), data);

    assertEquals(0, same.code(), same.out());
    assertTrue(
        same.out().lines().anyMatch(l -> l.matches("agree: \\d+ rows of \\d+ users identical.*")),
        same.out());
    assertEquals(1, broken.code(), broken.out());
    List<String> lines = broken.out().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("DIFFER: ")), broken.out());
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("  \\S+/\\S+ \\w+: DuckDB .*, GoogleSQL .*")),
        broken.out());
  }

  private static Path checkout() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(RESOURCES))) {
        return p;
      }
    }
    throw new AssertionError("no checkout above " + Path.of("").toAbsolutePath());
  }
}

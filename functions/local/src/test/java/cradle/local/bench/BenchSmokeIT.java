package cradle.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cradle bench --smoke}: every benchmark part, at a small size, through the real launcher,
 * after packaging (the cold-start part needs the deployable jars). A benchmark that breaks (its
 * publish refused by the report contract, a node that does not hold its report, a jar that no
 * longer starts) fails the build here instead of on the day someone quotes it. Nothing is timed.
 */
class BenchSmokeIT {
  @TempDir Path dir;

  @Test
  void everyPart_runsAtASmallSize_andPassesItsOwnChecks() throws Exception {
    Path launcher = launcher();
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                launcher.toString(), "bench", "--smoke", "--dir", dir.resolve("bench").toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("CRADLE_JAVA_OPTS");
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./cradle bench --smoke still running after 20 min");
    }
    String printed = Files.readString(out);
    System.out.print(printed);
    assertEquals(0, p.exitValue(), printed + Files.readString(err));
    for (String part :
        List.of(
            "reshape: rows ->",
            "database: reshape",
            "local JSON file target",
            "Admin SDK -> peer",
            "sdk write path:",
            "publish: N babies",
            "3,000 babies, 1 instance :",
            "3,000 babies, 2 instances:",
            "every node and every shard's meta checked",
            "demo: generate",
            "cold start:",
            "publish  jar")) {
      assertTrue(printed.contains(part), "the smoke run printed no '" + part + "':\n" + printed);
    }
  }

  private static Path launcher() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("cradle")) && Files.exists(p.resolve("pom.xml"))) {
        return p.resolve("cradle");
      }
    }
    throw new AssertionError("no ./cradle above " + Path.of("").toAbsolutePath());
  }
}

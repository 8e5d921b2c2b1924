package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cradle audit --check} at the size the thresholds are stated for (500 babies; at 200 one
 * nudge is half a percent), through the real launcher: the reports of both logging modes judged
 * against the generator's truth. The build fails when the audit's own thresholds fail (sensitivity,
 * false claims, unwarranted nudges, norm claims). Nothing is timed.
 */
class AuditIT {
  @TempDir Path dir;

  @Test
  void audit_atASmallSize_passesItsOwnChecks() throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                launcher().toString(),
                "audit",
                "--babies",
                "500",
                "--seed",
                "41",
                "--check",
                "--out",
                dir.resolve("audit").toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("CRADLE_JAVA_OPTS");
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./cradle audit still running after 10 min");
    }
    String printed = Files.readString(out);
    System.out.print(printed);
    assertEquals(0, p.exitValue(), printed + Files.readString(err));
    for (String figure :
        List.of("sensitivity", "false claims", "unwarranted nudges", "norm claims")) {
      assertTrue(printed.contains("  " + figure + " "), "no " + figure + " in:\n" + printed);
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

package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.analyze.AnalysisColumns;
import cradle.local.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst's loop through the real launcher, in a checkout of its own (the launcher and the
 * analyst's files, copied): an edit of the working tree's SQL reaches the next run without a build,
 * {@code ./cradle diff} shows what it did to the reports, and a column the schema does not declare
 * stops the run naming the file to change.
 */
class AnalystLoopTest {
  private static final Path CHECKOUT = checkout();
  private static final List<String> ANALYST_FILES =
      List.of(
          "functions/analyze/src/main/resources",
          "functions/notebook/src/main/resources",
          "functions/publish/src/main/resources");
  private static final Pattern RUN_ID = Pattern.compile("^run (\\S+) for ");

  @TempDir Path dir;
  private Path tree;
  private Path work;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void copyCheckout() throws IOException {
    tree = Files.createDirectories(dir.resolve("checkout"));
    Files.copy(
        CHECKOUT.resolve("cradle"), tree.resolve("cradle"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String folder : ANALYST_FILES) {
      copyTree(CHECKOUT.resolve(folder), tree.resolve(folder));
    }
    work = Files.createDirectories(dir.resolve("work"));
  }

  private Result cradle(String... args) throws Exception {
    List<String> command =
        Stream.concat(Stream.of(tree.resolve("cradle").toString()), Stream.of(args)).toList();
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().remove("CRADLE_JAVA_OPTS");
    // the classes this build compiled: their resources are the checkout's, not the copy's
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./cradle " + String.join(" ", args) + " still running after 5 min");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private String run() throws Exception {
    Result r = cradle("run", "--data", "data", "--out", "out");
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = RUN_ID.matcher(r.out());
    assertTrue(m.find(), r.out());
    return m.group(1);
  }

  private Path sql() {
    return tree.resolve(AnalysisColumns.SQL_FILE);
  }

  @Test
  void sqlEdit_reachesTheNextRun_andDiffShowsWhatItChanged() throws Exception {
    assertEquals(0, cradle("generate", "--babies", "12", "--days", "14", "--out", "data").code());
    String a = run();
    String naps = "ROUND(p.avg_naps_7d, 2) AS avg_naps_7d";
    String text = Files.readString(sql());
    assertTrue(text.contains(naps));
    Files.writeString(sql(), text.replace(naps, "ROUND(p.avg_naps_7d + 1, 2) AS avg_naps_7d"));
    String b = run();

    Map<String, Double> napsA = avgNaps(a);
    Map<String, Double> napsB = avgNaps(b);
    assertFalse(napsA.isEmpty(), "some baby has naps to average");
    assertEquals(napsA.keySet(), napsB.keySet());
    napsA.forEach((baby, n) -> assertEquals(n + 1, napsB.get(baby), 1e-9, baby));

    Result diff = cradle("diff", a, b, "--out", "out");

    assertEquals(0, diff.code(), diff.err());
    int babies = reports(a).size();
    assertTrue(
        diff.out()
            .contains(
                "babies: 0 added, 0 removed, "
                    + babies
                    + " in both, "
                    + napsA.size()
                    + " of them changed\n"),
        diff.out());
    Matcher field =
        Pattern.compile(
                "(?m)^  last_7_days\\.avg_naps +(\\d+)  (\\S+): last_7_days\\.avg_naps (\\S+) -> (\\S+)$")
            .matcher(diff.out());
    assertTrue(field.find(), diff.out());
    assertEquals(napsA.size(), Integer.parseInt(field.group(1)));
    String example = field.group(2);
    assertEquals(napsA.get(example), Double.parseDouble(field.group(3)), 1e-9);
    assertEquals(napsB.get(example), Double.parseDouble(field.group(4)), 1e-9);
    assertEquals(1, diff.out().lines().filter(l -> l.startsWith("  ")).count(), "one field");
    assertFalse(diff.out().contains("claims"), "no claim depends on the naps");
  }

  @Test
  void columnTheSchemaDoesNotDeclare_stopsTheRunNamingTheFileToChange() throws Exception {
    assertEquals(0, cradle("generate", "--babies", "3", "--days", "14", "--out", "data").code());
    String text = Files.readString(sql());
    String last = "  p.days_since_dirty,\n";
    assertTrue(text.contains(last));
    Files.writeString(
        sql(), text.replace(last, last + "  p.sleep_days_7d * 2 AS double_sleep_days,\n"));

    Result r = cradle("run", "--data", "data", "--out", "out");

    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("  analyze   FAILED"), r.out());
    assertTrue(
        r.err()
            .contains(
                "report_inputs.sql returns the column double_sleep_days, which the analysis"
                    + " schema does not declare: add it to "
                    + AnalysisColumns.SCHEMA_FILE),
        r.err());
  }

  /** Each report's last_7_days.avg_naps, where it has one, read from the run's report.jsonl. */
  private Map<String, Double> avgNaps(String run) throws IOException {
    Map<String, Double> naps = new TreeMap<>();
    for (JsonObject r : reports(run)) {
      JsonObject week = r.getAsJsonObject("last_7_days");
      if (week != null && week.has("avg_naps")) {
        naps.put(
            r.get("user_id").getAsString() + "/" + r.get("baby_id").getAsString(),
            week.get("avg_naps").getAsDouble());
      }
    }
    return naps;
  }

  private List<JsonObject> reports(String run) throws IOException {
    try (Stream<Path> files = Files.walk(work.resolve("out/gcs/cradle-artifacts/runs"))) {
      Path runFolder =
          files
              .filter(p -> p.getFileName().toString().equals(run) && Files.isDirectory(p))
              .findFirst()
              .orElseThrow();
      // the run's report: its attempt await confirmed last
      Path report =
          new Workspace(work.resolve("data"), work.resolve("out"))
              .runReport(runFolder)
              .orElseThrow();
      return Files.readAllLines(report).stream()
          .filter(l -> !l.isBlank())
          .map(l -> JsonParser.parseString(l).getAsJsonObject())
          .toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static Path checkout() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("cradle")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError("no ./cradle above " + Path.of("").toAbsolutePath());
  }
}

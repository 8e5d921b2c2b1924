package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.LocalWarehouseFixture;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code ./cradle} script as a person runs it: from another directory, with relative paths,
 * with mistakes. Each test starts the real launcher as a process; it runs the classes this build
 * compiled (CRADLE_CLASSPATH) instead of building the jar, and otherwise does what it always does.
 */
class LauncherTest {
  private static final Path LAUNCHER = findLauncher();
  private static final String ROW = "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"x\":1}\n";

  @TempDir Path dir;

  record Result(int code, String out, String err, Duration took) {
    String errLine() {
      assertEquals(1, err.strip().lines().count(), "one line on stderr: " + err);
      return err.strip();
    }
  }

  private Result cradle(Path cwd, Map<String, String> env, String... args) throws Exception {
    List<String> command = Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList();
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().remove("CRADLE_JAVA_OPTS");
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./cradle " + String.join(" ", args) + " still running after 5 min");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out),
        Files.readString(err),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private Result cradle(Path cwd, String... args) throws Exception {
    return cradle(cwd, Map.of(), args);
  }

  private Path work() throws IOException {
    Path work = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(work.resolve("rows.jsonl"), ROW);
    return work;
  }

  @Test
  void reshape_relativePaths_meanTheShellsDirectory() throws Exception {
    Path work = work();

    Result r = cradle(work, "reshape", "--in", "rows.jsonl", "--out", "tree.json");

    assertEquals(0, r.code(), r.err());
    assertEquals(
        JsonParser.parseString("{\"u1\":{\"b1\":{\"x\":1}}}"),
        JsonParser.parseString(Files.readString(work.resolve("tree.json"))));
    assertFalse(Files.exists(LAUNCHER.resolveSibling("tree.json")), "nothing in the checkout");
  }

  @Test
  void reshape_directoryAsOut_isRefusedAndLeftAlone() throws Exception {
    Path work = work();
    Path existing = Files.createDirectories(work.resolve("reports"));
    Files.writeString(existing.resolve("keep.txt"), "mine");

    Result r = cradle(work, "reshape", "--in", "rows.jsonl", "--out", "reports");

    assertEquals(2, r.code());
    assertEquals(
        "cradle: --out reports is a directory; give a file name (see ./cradle reshape --help)",
        r.errLine());
    assertTrue(Files.isDirectory(existing));
    assertEquals("mine", Files.readString(existing.resolve("keep.txt")));
  }

  @Test
  void reshape_deviceAsOut_isRefusedAndLeftAlone() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.exists(full), "no /dev/full here");

    Result r = cradle(work(), "reshape", "--in", "rows.jsonl", "--out", full.toString());

    assertEquals(2, r.code());
    assertTrue(r.errLine().startsWith("cradle: --out /dev/full is not a regular file"), r.err());
    assertFalse(Files.isRegularFile(full), "/dev/full is still a device");
    assertTrue(Files.exists(full));
  }

  @Test
  void reshape_everyRowRejected_keepsTheOldOutput() throws Exception {
    Path work = work();
    Files.writeString(work.resolve("bad.jsonl"), "{\"user_id\":\"a.b\",\"baby_id\":\"b\"}\n");
    Files.writeString(work.resolve("tree.json"), "{\"yesterday\":{}}");

    Result r = cradle(work, "reshape", "--in", "bad.jsonl", "--out", "tree.json");

    assertEquals(2, r.code());
    assertTrue(
        r.errLine().startsWith("cradle: every row was rejected, tree.json left as it was"),
        r.err());
    assertEquals("{\"yesterday\":{}}", Files.readString(work.resolve("tree.json")));
    assertEquals(
        List.of("bad.jsonl", "rows.jsonl", "tree.json"),
        listing(work),
        "no temporary file left behind");
  }

  @Test
  void reshape_diskFull_isOneLine_andKeepsTheOldOutput() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    assumeTrue(mount(small), "needs root to mount a small tmpfs");
    try {
      Files.writeString(small.resolve("tree.json"), "{\"yesterday\":{}}");
      Path work = work();
      try (Writer w = Files.newBufferedWriter(work.resolve("many.jsonl"))) {
        for (int i = 0; i < 5_000; i++) {
          w.write("{\"user_id\":\"u" + i + "\",\"baby_id\":\"b\",\"note\":\"" + "z".repeat(40));
          w.write("\"}\n");
        }
      }

      Result r =
          cradle(work, "reshape", "--in", "many.jsonl", "--out", small.resolve("tree.json") + "");

      assertEquals(1, r.code());
      assertTrue(r.errLine().contains("No space left on device"), r.err());
      assertEquals("{\"yesterday\":{}}", Files.readString(small.resolve("tree.json")));
      assertEquals(List.of("tree.json"), listing(small), "no temporary file left behind");
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "run --date 2026-13-01         | --date': '2026-13-01' is not a date",
        "run --date tomorrow           | --date': 'tomorrow' is not a date",
        "generate --time-zone Mars/Sea | --time-zone': 'Mars/Sea' is not a time zone",
        "generate --babies 0           | --babies and --days must be at least 1",
        "generate --babies many        | --babies': 'many' is not an int",
        "run --run-id UPPER            | --run-id 'UPPER' is not a run id",
        "run --from-stage bake         | --from-stage 'bake' is not one of analyze, notebook",
        "run --data rows.jsonl         | --data rows.jsonl is not a directory",
        "reshape --in missing.jsonl --out t.json | --in missing.jsonl: no such file",
        "reshape --in . --out t.json   | --in . is a directory",
        "reshape --in rows.jsonl       | Missing required option: '--out=<out>'",
        "reshape --in rows.jsonl --out t.json --key a//b | --key 'a//b'",
        "bake                          | unknown command 'bake'",
        "status --colour               | Unknown option: '--colour'",
      })
  void usageMistakes_areOneLineNamingTheProblem_exit2(String args, String names) throws Exception {
    Result r = cradle(work(), args.strip().split(" +"));

    assertEquals(2, r.code(), r.out() + r.err());
    String line = r.errLine();
    assertTrue(line.startsWith("cradle: "), line);
    assertTrue(line.contains(names.strip()), line);
    assertEquals("", r.out());
  }

  @Test
  void help_isStillTheFullUsage() throws Exception {
    Result r = cradle(work(), "reshape", "--help");

    assertEquals(0, r.code());
    assertTrue(r.out().lines().count() > 8, r.out());
    assertTrue(r.out().contains("--key") && r.out().contains("--out"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void heap_isBoundedByDefault_andCradleJavaOptsOverrides() throws Exception {
    Map<String, String> printFlags = Map.of("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal");

    long reshape = maxHeap(cradle(work(), printFlags, "reshape", "--help"));
    long status = maxHeap(cradle(work(), printFlags, "status", "--help"));
    Map<String, String> overridden = new HashMap<>(printFlags);
    overridden.put("CRADLE_JAVA_OPTS", "-Xmx300m");
    long chosen = maxHeap(cradle(work(), overridden, "reshape", "--help"));

    assertTrue(reshape <= 192L << 20, "reshape's heap: " + reshape);
    assertTrue(status <= 256L << 20, "status's heap: " + status);
    assertEquals(300L << 20, chosen);
  }

  /** 300,000 rows is enough for an unbounded JVM to pass 300 MB; the launcher's stays under. */
  @Test
  void reshape_largeInput_staysWithin300MbResident() throws Exception {
    Path work = work();
    try (Writer w = Files.newBufferedWriter(work.resolve("large.jsonl"))) {
      for (int i = 0; i < 300_000; i++) {
        w.write("{\"user_id\":\"user-" + i + "\",\"baby_id\":\"b1\",\"sleep\":[");
        for (int d = 0; d < 14; d++) {
          w.write((d > 0 ? "," : "") + "{\"day\":" + d + ",\"minutes\":" + (600 + i % 97) + "}");
        }
        w.write("],\"summary\":{\"en\":\"Slept well\",\"ja\":\"よく眠りました\"}}\n");
      }
    }
    Result r = peakOf(work, "reshape", "--in", "large.jsonl", "--out", "large.json");

    assertEquals(0, r.code(), r.err());
    long peakMb = Long.parseLong(r.out().strip()) / 1024;
    assertTrue(peakMb < 300, "peak resident memory " + peakMb + " MB");
  }

  /** Runs the launcher and prints the peak resident memory (kB) of the JVM it became. */
  private Result peakOf(Path cwd, String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList())
            .directory(cwd.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("CRADLE_JAVA_OPTS");
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    long peak = 0;
    Path status = Path.of("/proc/" + p.pid() + "/status");
    while (p.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
          }
        }
      } catch (IOException | NumberFormatException gone) {
        // ended between the check and the read
      }
      Thread.sleep(50);
    }
    return new Result(p.exitValue(), Long.toString(peak), Files.readString(err), Duration.ZERO);
  }

  /** A run's report rows, as the notebook would have left them in the local bucket. */
  private static void writeReport(Path work, LocalDate day, String runId, String rows)
      throws IOException {
    Path report =
        Files.createDirectories(
            work.resolve("out/gcs/cradle-artifacts/runs/" + day + "/" + runId + "/report"));
    Files.writeString(report.resolve("report.jsonl"), rows);
  }

  /** {@code ./cradle run --from-stage publish} for one run. */
  private Result publishOnly(Path work, Map<String, String> env, String runId, LocalDate day)
      throws Exception {
    return cradle(
        work,
        env,
        "run",
        "--out",
        "out",
        "--from-stage",
        "publish",
        "--run-id",
        runId,
        "--date",
        day.toString());
  }

  private static long maxHeap(Result r) {
    Matcher m = Pattern.compile("MaxHeapSize\\s*=\\s*(\\d+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    return Long.parseLong(m.group(1));
  }

  @Test
  void run_unreachableDatabase_failsSoonNamingTheHost_retriesAtWarning() throws Exception {
    Path work = work();
    LocalDate day = LocalDate.now().minusDays(2);
    writeReport(work, day, "r-1", ROW);
    Map<String, String> env =
        Map.of(
            "FIREBASE_DATABASE_EMULATOR_HOST",
            "127.0.0.1:1",
            "CRADLE_DATABASE_CONNECT_TIMEOUT_SECONDS",
            "2");

    Result r = publishOnly(work, env, "r-1", day);

    assertEquals(1, r.code(), r.out() + r.err());
    String line = r.errLine();
    assertTrue(line.startsWith("cradle: run r-1 failed at publish: "), line);
    assertTrue(line.contains("127.0.0.1:1 unreachable"), line);
    assertTrue(r.out().contains("publish: delivery 1 of 5 failed, redelivering"), r.out());
    List<String> warnings =
        Files.readAllLines(work.resolve("out/logs/cradle.jsonl")).stream()
            .filter(l -> l.contains("\"severity\":\"WARNING\""))
            .toList();
    assertEquals(5, warnings.size(), "one per delivery: " + String.join("\n", warnings));
    assertTrue(warnings.get(0).contains("127.0.0.1:1"), warnings.get(0));
  }

  /** Issue 18: settings that carry credentials, through the launcher, in no output at all. */
  @Test
  void run_credentialsInSettings_areRefusedNamed_andInNoOutput() throws Exception {
    Path work = work();
    LocalDate day = LocalDate.now().minusDays(2);
    writeReport(work, day, "r-1", ROW);
    String secret = "SECRET-" + java.util.UUID.randomUUID();
    List<Map<String, String>> envs =
        List.of(
            Map.of("FIREBASE_DATABASE_EMULATOR_HOST", "u:" + secret + "@127.0.0.1:1"),
            Map.of(
                "CRADLE_NOTEBOOK_TEMPLATE_URI",
                "https://storage.googleapis.com/b/t.ipynb?X-Goog-Signature=" + secret),
            Map.of("CRADLE_TIME_ZONE", " //u:" + secret + "@host"));

    for (Map<String, String> env : envs) {
      Result r = publishOnly(work, env, "r-1", day);

      assertEquals(1, r.code(), r.out() + r.err());
      String line = r.errLine();
      String variable = env.keySet().iterator().next();
      assertTrue(line.contains(variable + "="), line);
      assertFalse((r.out() + r.err()).contains(secret), r.out() + r.err());
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertFalse(
              Files.readString(f, StandardCharsets.ISO_8859_1).contains(secret), f.toString());
        }
      }
    }
  }

  @Test
  void run_publishOfAnOlderRun_saysSuperseded_andTheDatabaseKeepsTheNewer() throws Exception {
    Path work = work();
    LocalDate newer = LocalDate.now().minusDays(2);
    LocalDate older = newer.minusDays(1);
    for (var run : Map.of("r-new", newer, "r-old", older).entrySet()) {
      Files.createDirectories(
          work.resolve("out/gcs/cradle-artifacts/runs/" + run.getValue() + "/" + run.getKey())
              .resolve("notebook"));
      writeReport(
          work,
          run.getValue(),
          run.getKey(),
          "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"by\":\""
              + run.getKey()
              + "\"}\n{\"user_id\":\"u2\",\"baby_id\":\"b1\",\"by\":\""
              + run.getKey()
              + "\"}\n");
    }
    Map<String, String> env = Map.of("CRADLE_PUBLISH_CONTRACT", "none");

    Result first = publishOnly(work, env, "r-new", newer);
    Result second = publishOnly(work, env, "r-old", older);

    assertEquals(0, first.code(), first.out() + first.err());
    assertTrue(first.out().contains("  publish   ok "), first.out());
    assertTrue(
        first.out().contains("reports for " + newer + ": 2 babies published, 0 rejected"),
        first.out());
    assertEquals(0, second.code(), "superseded is a success: " + second.out() + second.err());
    assertTrue(second.out().contains("  publish   superseded "), second.out());
    assertFalse(second.out().contains("babies published"), second.out());
    assertTrue(
        second
            .out()
            .contains(
                "reports for "
                    + older
                    + ": not published; the database shows run r-new of "
                    + newer),
        second.out());
    JsonObject db =
        JsonParser.parseString(Files.readString(work.resolve("out/database.json")))
            .getAsJsonObject();
    assertEquals("r-new", db.getAsJsonObject("reports_meta").get("run_id").getAsString());
    for (String user : List.of("u1", "u2")) {
      assertEquals(
          "r-new",
          db.getAsJsonObject("reports")
              .getAsJsonObject(user)
              .getAsJsonObject("b1")
              .get("by")
              .getAsString());
    }
  }

  @Test
  void run_survivesTornStateFromACrash_andCleansLeftovers() throws Exception {
    Path work = work();
    Result generated = cradle(work, "generate", "--babies", "4", "--days", "14", "--out", "data");
    assertEquals(0, generated.code(), generated.err());
    Path out = Files.createDirectories(work.resolve("out"));
    // what kill -9 or a power cut leaves: a torn event, a torn hand-off, a database temp file
    Files.writeString(
        out.resolve("events.jsonl"),
        "{\"event\":\"started\",\"stage\":\"analyze\",\"run_id\":\"x\",\"at\":\"2026-11-");
    Path topic = Files.createDirectories(out.resolve("pubsub/analyze"));
    Files.writeString(topic.resolve("0000000000001-000001-torn.json"), "{\"message\":{\"da");
    Files.writeString(out.resolve(".database-123.tmp"), "{\"reports\":{\"u");

    Result run = cradle(work, "run", "--data", "data", "--out", "out");

    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("skipped a torn hand-off on topic analyze"), run.out());
    assertTrue(Files.exists(topic.resolve("torn/0000000000001-000001-torn.json")));
    assertFalse(Files.exists(out.resolve(".database-123.tmp")), "leftover removed");
    JsonObject db =
        JsonParser.parseString(Files.readString(out.resolve("database.json"))).getAsJsonObject();
    LocalDate latest = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    int published =
        db.getAsJsonObject("reports").entrySet().stream()
            .mapToInt(u -> u.getValue().getAsJsonObject().size())
            .sum();
    assertEquals(
        LocalWarehouseFixture.babiesWithEventsInWindow(
            work.resolve("data/warehouse.duckdb"), latest, ZoneId.of("Asia/Tokyo")),
        published,
        "a report for every baby the torn run had to publish");
    assertEquals(published, db.getAsJsonObject("reports_meta").get("reports").getAsInt());
    assertEquals(
        latest.toString(), db.getAsJsonObject("reports_meta").get("run_date").getAsString());

    Result status = cradle(work, "status", "--out", "out");

    assertEquals(0, status.code(), status.err());
    assertTrue(
        status.errLine().startsWith("cradle: line 1 of out/events.jsonl is torn"), status.err());
    String runId = run.out().split(" ")[1];
    assertTrue(status.out().contains(runId), status.out());
  }

  @Test
  void run_diskFull_isOneLine_andLeavesNoTornLinesOrTemporaryFiles() throws Exception {
    Path work = work();
    Result generated = cradle(work, "generate", "--babies", "20", "--days", "14", "--out", "data");
    assertEquals(0, generated.code(), generated.err());
    assertEquals("", generated.err(), "no progress when not on a terminal");
    Path small = Files.createDirectories(work.resolve("small"));
    assumeTrue(mount(small), "needs root to mount a small tmpfs");
    try {
      Result r = cradle(work, "run", "--data", "data", "--out", "small/out");

      assertEquals(1, r.code(), r.out());
      assertTrue(r.errLine().contains("No space left on device"), r.err());
      try (Stream<Path> files = Files.walk(small)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertFalse(f.getFileName().toString().endsWith(".tmp"), "left behind: " + f);
          if (f.toString().endsWith(".jsonl")) {
            for (String line : Files.readAllLines(f)) {
              JsonParser.parseString(line).getAsJsonObject();
            }
          }
        }
      }
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }

  @Test
  void generate_onATerminal_showsProgress() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) makes a terminal");
    Path work = work();
    Path typescript = dir.resolve("typescript");
    ProcessBuilder pb =
        new ProcessBuilder(
                "/usr/bin/script",
                "-qec",
                LAUNCHER + " generate --babies 2000 --days 14 --out data",
                typescript.toString())
            .directory(work.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CRADLE_CLASSPATH", System.getProperty("java.class.path"));
    Process p = pb.start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));

    String shown = Files.readString(typescript);
    assertEquals(0, p.exitValue(), shown);
    assertTrue(shown.matches("(?s).*generate: [0-9,]+ of 2,000 babies, 0:\\d\\d elapsed.*"), shown);
  }

  /**
   * A PATH holding every command of this one except jupyter: a machine without the notebook
   * runtime, for the launcher's detection (the system's packages stay installed for others).
   */
  private Path pathWithoutJupyter() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-without-jupyter"));
    for (String entry : System.getenv("PATH").split(":")) {
      Path d = Path.of(entry);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> commands = Files.list(d)) {
        for (Path c : commands.toList()) {
          Path link = bin.resolve(c.getFileName().toString());
          if (!c.getFileName().toString().startsWith("jupyter") && !Files.exists(link)) {
            Files.createSymbolicLink(link, c);
          }
        }
      }
    }
    return bin;
  }

  private Map<String, String> freshMachine(Path bin) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin.toString());
    env.put("CRADLE_VENV", dir.resolve("venv").toString());
    env.put("PIP_INDEX_URL", "http://127.0.0.1:1/simple");
    return env;
  }

  @Test
  void runtimeMissing_asRootOnDebian_installsThePackages_sayingWhatItRuns() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "the apt path is for root");
    assumeTrue(Files.exists(Path.of("/etc/debian_version")), "the apt path is for Debian");
    Path jupyter = Path.of("/usr/bin/jupyter");
    assumeTrue(Files.isExecutable(jupyter), "the stand-in installs this machine's jupyter");
    Path bin = pathWithoutJupyter();
    // apt-get's stand-in: records its arguments and "installs" by putting jupyter on the PATH
    Path calls = dir.resolve("apt-calls.txt");
    Path aptGet = dir.resolve("fake-apt-get");
    Files.writeString(
        aptGet,
        "#!/bin/sh\necho \"$*\" >> "
            + calls
            + "\n[ \"$1\" = install ] && ln -s "
            + jupyter
            + " "
            + bin.resolve("jupyter")
            + "\nexit 0\n");
    aptGet.toFile().setExecutable(true);
    Map<String, String> env = freshMachine(bin);
    env.put("CRADLE_APT_GET", aptGet.toString());

    Result r = cradle(work(), env, "run", "--help");

    assertEquals(0, r.code(), r.err());
    assertEquals(
        List.of(
            "update",
            "install -y jupyter-nbconvert python3-nbclient python3-ipykernel python3-pandas"
                + " python3-matplotlib"),
        Files.readAllLines(calls));
    assertTrue(r.err().contains("installing the Debian packages"), r.err());
    assertTrue(
        r.err().indexOf("  $ " + aptGet + " update")
            < r.err().indexOf("  $ " + aptGet + " install"),
        "each command is shown before it runs: " + r.err());
    assertTrue(r.out().contains("--from-stage"), "then the command runs: " + r.out());
  }

  @Test
  void runtimeMissing_withAnIndex_triesAProjectEnvironment_andLeavesNothingWhenItFails()
      throws Exception {
    com.sun.net.httpserver.HttpServer index =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    index.createContext(
        "/simple/",
        exchange -> {
          // an index that knows no files: pip is reached, and finds nothing to install
          byte[] page = "<html><body></body></html>".getBytes();
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    index.start();
    try {
      Map<String, String> env = freshMachine(pathWithoutJupyter());
      env.put("PIP_INDEX_URL", "http://127.0.0.1:" + index.getAddress().getPort() + "/simple");
      env.put("CRADLE_APT_GET", "/nonexistent/apt-get");

      Result r = cradle(work(), env, "demo", "--help");

      assertEquals(1, r.code(), r.out() + r.err());
      String venv = dir.resolve("venv").toString();
      assertTrue(r.err().contains("installing nbconvert==7.16.6"), r.err());
      assertTrue(r.err().contains("matplotlib==3.9.4"), "the charts' library, pinned: " + r.err());
      assertTrue(r.err().contains("  $ python3 -m venv " + venv), r.err());
      assertTrue(r.err().contains("-m pip install"), r.err());
      assertTrue(r.err().strip().endsWith("nothing was changed outside this checkout"), r.err());
      assertFalse(Files.exists(Path.of(venv)), "the half-made environment is removed");
    } finally {
      index.stop(0);
    }
  }

  @Test
  void runtimeMissing_andNoWayToInstall_isOneLineSayingWhatToRun() throws Exception {
    Map<String, String> env = freshMachine(pathWithoutJupyter());
    env.put("CRADLE_APT_GET", "/nonexistent/apt-get");

    Result r = cradle(work(), env, "demo");

    assertEquals(1, r.code(), r.out());
    String line = r.errLine();
    assertTrue(line.startsWith("cradle: the notebook stage needs Jupyter"), line);
    assertTrue(
        line.contains(
            "sudo apt-get install -y jupyter-nbconvert python3-nbclient python3-ipykernel"
                + " python3-pandas python3-matplotlib"),
        line);
    assertFalse(Files.exists(dir.resolve("venv")));
  }

  private static boolean mount(Path dir) throws Exception {
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.toString())
            .redirectErrorStream(true)
            .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path findLauncher() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("cradle")) && Files.exists(p.resolve("pom.xml"))) {
        return p.resolve("cradle");
      }
    }
    throw new AssertionError("no ./cradle above " + Path.of("").toAbsolutePath());
  }
}

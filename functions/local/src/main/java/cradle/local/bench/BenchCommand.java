package cradle.local.bench;

import cradle.local.Progress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures Cradle on this machine and prints the figures:",
      "  reshape   1M report rows into keyed update chunks vs Python's json and jq, same input,"
          + " same run",
      "  database  writing through the publish path to the local JSON target and the protocol peer",
      "  sdkpath   the CPU the Admin SDK write path costs per MB on one core, against the"
          + " database's 64 MB/min",
      "  publish   100,000 and 1,000,000 babies through the paced, resumable publish into one"
          + " and four database instances enforcing the Realtime Database's limits, on a"
          + " simulated clock",
      "  demo      ./cradle demo's work at the default size and at 4x",
      "  coldstart each deployable jar under the Functions Framework invoker, to ready",
      "With --smoke every part runs at a small size and fails on what it would fail on at full"
          + " size (the build runs it); its figures mean nothing."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      description = "Rows for the reshape benchmark (default ${DEFAULT-VALUE}).",
      defaultValue = "1000000")
  int rows;

  @Option(
      names = "--dir",
      description = "Work directory (default ${DEFAULT-VALUE}).",
      defaultValue = "cradle-out/bench")
  Path dir;

  @Option(
      names = "--parts",
      split = ",",
      description =
          "Which parts (default: all): reshape, database, sdkpath, publish, demo, coldstart.",
      defaultValue = "reshape,database,sdkpath,publish,demo,coldstart")
  Set<String> parts;

  @Option(
      names = "--publish-babies",
      split = ",",
      description = "Nights the publish part plays, in babies (default ${DEFAULT-VALUE}).",
      defaultValue = "100000,1000000")
  List<Integer> publishBabies;

  @Option(
      names = "--publish-instances",
      split = ",",
      description =
          "Database instances the publish part shards each night over (default ${DEFAULT-VALUE}).",
      defaultValue = "1,4")
  List<Integer> publishInstances;

  @Option(
      names = "--smoke",
      description =
          "Every part at a small size, its own checks on, nothing skipped that is Cradle's own:"
              + " a build's proof that the benchmarks still run, not a measurement.")
  boolean smoke;

  /** How much work each part does. */
  private record Sizes(
      int rows,
      int localRows,
      int peerRows,
      int sdkReports,
      List<Integer> nights,
      List<Integer> instances,
      int demo) {}

  private Sizes sizes() {
    return smoke
        ? new Sizes(2_000, 2_000, 200, 300, List.of(3_000), List.of(1, 2), 200)
        : new Sizes(rows, 100_000, 5_000, 10_000, publishBabies, publishInstances, 10_000);
  }

  /** The reshape streams: its heap stays small whatever the input size. */
  private static final String RESHAPE_HEAP = "192m";

  private static final Pattern FIGURES = Pattern.compile("rows=(\\d+) seconds=([0-9.]+)");

  private Progress progress;

  @Override
  public Integer call() throws Exception {
    try (Progress shown = Progress.onTerminal("bench", 0, "measurements done")) {
      progress = shown;
      return measureAll();
    }
  }

  private int measureAll() throws Exception {
    Sizes size = sizes();
    rows = size.rows();
    Files.createDirectories(dir);
    System.out.printf(
        "machine: %d cores, %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"));
    Path input = dir.resolve("rows-" + rows + ".jsonl");
    if (parts.contains("reshape") || parts.contains("database")) {
      if (!Files.exists(input)) {
        BenchInput.write(input, rows);
      }
      System.out.printf("input: %,d rows, %.1f MB (%s)%n%n", rows, Files.size(input) / 1e6, input);
    }
    if (parts.contains("reshape")) {
      reshape(input);
    }
    if (parts.contains("database")) {
      database(input, size);
    }
    if (parts.contains("sdkpath")) {
      printFigures(
          java("1500m", "cradle.local.bench.SdkPathBench", Integer.toString(size.sdkReports())));
    }
    if (parts.contains("publish")) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "1500m",
                  "cradle.local.bench.PublishBench",
                  "--instances",
                  size.instances().stream().map(String::valueOf).collect(Collectors.joining(","))));
      size.nights().forEach(n -> args.add(Integer.toString(n)));
      printFigures(
          java(args.get(0), args.get(1), args.subList(2, args.size()).toArray(String[]::new)));
    }
    if (parts.contains("demo")) {
      demo(size.demo());
    }
    if (parts.contains("coldstart")) {
      coldStart();
    }
    return 0;
  }

  private void reshape(Path input) throws Exception {
    double mb = Files.size(input) / 1e6;
    System.out.println("reshape: rows -> {\"reports/<user>/<baby>\": {...}} chunks");
    System.out.printf(
        "  %-34s %8s %11s %8s %9s %8s%n", "", "seconds", "rows/s", "MB/s", "peak MB", "vs cradle");
    String threads = Integer.toString(Runtime.getRuntime().availableProcessors());
    ProcessMeter.Measured cradle =
        java(RESHAPE_HEAP, "cradle.local.bench.ReshapeBench", input.toString(), "reshape", threads);
    ProcessMeter.Measured parse =
        java(RESHAPE_HEAP, "cradle.local.bench.ReshapeBench", input.toString(), "parse", "1");
    double cradleSeconds = inner(cradle);
    row(
        "cradle (streaming, " + threads + " threads)",
        cradleSeconds,
        cradle.peakMb(),
        mb,
        cradleSeconds);
    row("  only tokenizing, 1 thread", inner(parse), parse.peakMb(), mb, cradleSeconds);
    launcherReshape(input, mb, cradleSeconds);
    Path out = dir.resolve("baseline-out.json");
    String python =
        "import json,sys\n"
            + "tree={}\n"
            + "with open(sys.argv[1],encoding='utf-8') as f:\n"
            + "  for line in f:\n"
            + "    r=json.loads(line)\n"
            + "    u=r.pop('user_id'); b=r.pop('baby_id')\n"
            + "    tree.setdefault(u,{})[b]=r\n"
            + "with open(sys.argv[2],'w',encoding='utf-8') as o:\n"
            + "  json.dump(tree,o)\n";
    if (onPath("python3")) {
      ProcessMeter.Measured py =
          measure(
              "python3 json",
              List.of("python3", "-c", python, input.toString(), out.toString()),
              null);
      check(py, "python3");
      row("python3 json (loads + dump)", py.seconds(), py.peakMb(), mb, cradleSeconds);
    } else {
      System.out.println("  python3 not installed: Python baseline skipped");
    }
    if (onPath("jq")) {
      ProcessMeter.Measured jq =
          measure(
              "jq",
              List.of(
                  "jq",
                  "-c",
                  "-n",
                  "reduce inputs as $r ({}; .[$r.user_id][$r.baby_id] = ($r | del(.user_id,"
                      + " .baby_id)))",
                  input.toString()),
              out);
      check(jq, "jq");
      row("jq (reduce into one object)", jq.seconds(), jq.peakMb(), mb, cradleSeconds);
    } else {
      System.out.println("  jq not installed: jq baseline skipped (apt-get install jq)");
    }
    Files.deleteIfExists(out);
    System.out.printf(
        "  cradle's reshape on %s threads takes %.2fx the time of only tokenizing on one"
            + " (JVM: -Xmx"
            + RESHAPE_HEAP
            + " -XX:+UseParallelGC; times exclude JVM start, which is about 0.3 s)%n%n",
        threads,
        cradleSeconds / inner(parse));
  }

  /**
   * {@code ./cradle reshape} itself, under the launcher's default JVM settings (CRADLE_JAVA_OPTS
   * unset): the memory a user gets. Its time is the whole command's (JVM start, the tree written).
   */
  private void launcherReshape(Path input, double mb, double cradleSeconds) throws Exception {
    Path launcher = home().resolve("cradle");
    if (!Files.isExecutable(launcher)) {
      System.out.println("  ./cradle not found (CRADLE_HOME unset): launcher row skipped");
      return;
    }
    Path tree = dir.resolve("launcher-tree.json").toAbsolutePath();
    ProcessMeter.Measured m =
        measure(
            "./cradle reshape",
            List.of(
                launcher.toString(),
                "reshape",
                "--in",
                input.toAbsolutePath().toString(),
                "--out",
                tree.toString()),
            null,
            env -> env.remove("CRADLE_JAVA_OPTS"));
    check(m, "./cradle reshape");
    row("./cradle reshape, launcher defaults", m.seconds(), m.peakMb(), mb, cradleSeconds);
    Files.deleteIfExists(tree);
  }

  private void database(Path input, Sizes size) throws Exception {
    System.out.println(
        "database: reshape + byte-sized chunks + 4 writes in flight, each acknowledged");
    Path local = Files.createDirectories(dir.resolve("local-target"));
    Files.deleteIfExists(local.resolve("database.json"));
    ProcessMeter.Measured file =
        java(
            "2g",
            "cradle.local.bench.DatabaseBench",
            input.toString(),
            Integer.toString(size.localRows()),
            "local",
            local.toString(),
            Long.toString(4L << 20),
            "4");
    rowDb("local JSON file target (4 MB chunks)", file, size.localRows());
    System.out.println(
        "  (the local target rewrites the whole file per chunk and keeps the tree in memory:"
            + " it is the demo's database, not a streaming one)");
    Path server = home().resolve("node_modules/firebase-server/bin/firebase-server.js");
    if (!Files.exists(server) || !onPath("node")) {
      skipped("protocol peer not installed (npm ci)");
      return;
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process peer =
        new ProcessBuilder(
                "node",
                server.toString(),
                "-p",
                Integer.toString(port),
                "-a",
                "127.0.0.1",
                "-e",
                "-n",
                "127.0.0.1:" + port,
                "-s",
                "owner")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("firebase-server.log").toFile())
            .start();
    try {
      waitForPort(port);
      ProcessMeter.Measured sdk =
          java(
              "512m",
              "cradle.local.bench.DatabaseBench",
              input.toString(),
              Integer.toString(size.peerRows()),
              "peer",
              "127.0.0.1:" + port,
              Long.toString(256 << 10),
              "4");
      rowDb("Admin SDK -> peer (256 KB chunks)", sdk, size.peerRows());
      System.out.println(
          "  (the peer is a protocol stand-in, slow past a few thousand nodes: truth, not speed)");
    } finally {
      peer.destroy();
    }
    System.out.println();
  }

  private void demo(int babiesAt1x) throws Exception {
    System.out.println(
        "demo: generate + analyze + notebook + await + publish (fresh directory each)");
    double base = 0;
    for (int scale : new int[] {1, 4}) {
      Path out = dir.resolve("demo-x" + scale);
      deleteTree(out);
      int babies = babiesAt1x * scale;
      ProcessMeter.Measured gen =
          cradleCli(
              "generate",
              "--babies",
              Integer.toString(babies),
              "--days",
              "28",
              "--out",
              out.resolve("data").toString());
      ProcessMeter.Measured run =
          cradleCli("run", "--data", out.resolve("data").toString(), "--out", out.toString());
      check(gen, "generate");
      check(run, "run");
      double total = gen.seconds() + run.seconds();
      if (scale == 1) {
        base = total;
      }
      System.out.printf(
          "  %2dx (%,6d babies x 28 days): generate %5.1f s + run %5.1f s = %5.1f s, peak %4.0f"
              + " MB%s%n",
          scale,
          babies,
          gen.seconds(),
          run.seconds(),
          total,
          Math.max(gen.peakMb(), run.peakMb()),
          scale == 1 ? "" : String.format(" (%.2fx the time for 4x the data)", total / base));
    }
    System.out.println();
  }

  private void coldStart() throws Exception {
    System.out.println(
        "cold start: deployable jar alone under java-function-invoker 2.0.0, cloud profile");
    Path invoker = home().resolve("functions/local/target/invoker/java-function-invoker.jar");
    if (!Files.exists(invoker)) {
      skipped(invoker + " missing (mvn package copies it)");
      return;
    }
    Map<String, String> targets =
        Map.of(
            "analyze",
            "cradle.analyze.AnalyzeFunction",
            "notebook",
            "cradle.notebook.NotebookFunction",
            "await",
            "cradle.await.AwaitFunction",
            "publish",
            "cradle.publish.PublishFunction");
    for (String stage : List.of("analyze", "notebook", "await", "publish")) {
      Path jar = home().resolve("functions/" + stage + "/target/deploy/cradle-" + stage + ".jar");
      if (!Files.exists(jar)) {
        skipped(jar + " missing (mvn package builds it)");
        continue;
      }
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path log = dir.resolve("coldstart-" + stage + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  javaBin(),
                  "-jar",
                  invoker.toString(),
                  "--classpath",
                  jar.toString(),
                  "--target",
                  targets.get(stage),
                  "--port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment()
          .putAll(
              Map.of(
                  "CRADLE_PROFILE",
                  "cloud",
                  "CRADLE_ARTIFACTS_URI",
                  "gs://bench-bucket",
                  "CRADLE_PROJECT",
                  "bench-project",
                  "CRADLE_NOTEBOOK_SERVICE_ACCOUNT",
                  "nb@bench-project.iam.gserviceaccount.com",
                  "CRADLE_DATABASE_URL",
                  "https://bench-project-default-rtdb.firebaseio.com"));
      long started = System.nanoTime();
      Process p = pb.start();
      try {
        while (p.isAlive() && Files.readString(log).lines().noneMatch(l -> l.contains("URL:"))) {
          Thread.sleep(20);
        }
        double ready = (System.nanoTime() - started) / 1e9;
        // the first event: a bad date, decoded and acknowledged without touching any cloud service
        var response =
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/"))
                        .header("ce-id", "bench")
                        .header("ce-specversion", "1.0")
                        .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                        .header("ce-source", "//pubsub.googleapis.com/projects/bench/topics/t")
                        .header("Content-Type", "application/json")
                        .POST(
                            java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"message\":{\"data\":\"eyJydW5fZGF0ZSI6IngifQ==\",\"messageId\":\"bench\",\"attributes\":{}}}"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        double handled = (System.nanoTime() - started) / 1e9;
        if (response.statusCode() / 100 != 2) {
          throw new IllegalStateException(
              stage + " answered HTTP " + response.statusCode() + " to a bad date; see " + log);
        }
        System.out.printf(
            "  %-8s jar %5.1f MB, ready in %4.2f s, first event handled (HTTP %d) at %4.2f s%n",
            stage, Files.size(jar) / 1e6, ready, response.statusCode(), handled);
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /** Says why a part of Cradle's own did not run; in a smoke run that is a failure. */
  private void skipped(String why) {
    if (smoke) {
      throw new IllegalStateException(why + ": a smoke run skips none of Cradle's own parts");
    }
    System.out.println("  " + why + ": skipped");
  }

  /** A child's own figures, without the library noise on its stderr. */
  private static void printFigures(ProcessMeter.Measured m) {
    m.output().lines().filter(l -> !l.startsWith("SLF4J")).forEach(System.out::println);
    System.out.println();
  }

  private ProcessMeter.Measured java(String heap, String main, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx" + heap,
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                main));
    command.addAll(List.of(args));
    ProcessMeter.Measured m = measure(main.substring(main.lastIndexOf('.') + 1), command, null);
    check(m, main);
    return m;
  }

  private ProcessMeter.Measured cradleCli(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                "cradle.local.cli.CradleCli"));
    command.addAll(List.of(args));
    return measure("cradle " + args[0], command, null);
  }

  /** Runs one measured process, with progress on a terminal. */
  private ProcessMeter.Measured measure(String label, List<String> command, Path stdout)
      throws IOException, InterruptedException {
    return measure(label, command, stdout, env -> {});
  }

  private ProcessMeter.Measured measure(
      String label,
      List<String> command,
      Path stdout,
      java.util.function.Consumer<Map<String, String>> environment)
      throws IOException, InterruptedException {
    progress.step(label);
    try {
      return ProcessMeter.run(command, stdout, environment);
    } finally {
      progress.add(1);
      progress.pause();
    }
  }

  /** The checkout: where ./cradle runs from (it says so in CRADLE_HOME), else this directory. */
  private static Path home() {
    String home = System.getenv("CRADLE_HOME");
    return home == null || home.isBlank() ? Path.of("") : Path.of(home);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The time the child measured itself (without JVM start), from its "rows=.. seconds=.." line. */
  private static double inner(ProcessMeter.Measured m) {
    Matcher f = FIGURES.matcher(m.output());
    return f.find() ? Double.parseDouble(f.group(2)) : m.seconds();
  }

  private void row(String name, double seconds, double peakMb, double mb, double cradleSeconds) {
    System.out.printf(
        "  %-34s %8.2f %11s %8.1f %9.0f %8.1fx%n",
        name,
        seconds,
        String.format("%,.0f", rows / seconds),
        mb / seconds,
        peakMb,
        seconds / cradleSeconds);
  }

  private static void rowDb(String name, ProcessMeter.Measured m, int rows) {
    double seconds = inner(m);
    System.out.printf(
        "  %-34s %,8d rows in %6.2f s = %,9.0f rows/s, peak %4.0f MB%n",
        name, rows, seconds, rows / seconds, m.peakMb());
  }

  private static void check(ProcessMeter.Measured m, String what) {
    if (m.exitCode() != 0) {
      throw new IllegalStateException(what + " failed (exit " + m.exitCode() + "): " + m.output());
    }
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
  }

  private static void waitForPort(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("firebase-server did not start");
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 2))
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var walk = Files.walk(p)) {
        for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(x);
        }
      }
    }
  }
}

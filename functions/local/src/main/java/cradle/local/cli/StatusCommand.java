package cradle.local.cli;

import cradle.local.FileRunEvents;
import cradle.local.LineFile;
import cradle.shared.RunEvent;
import cradle.shared.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the recent runs, stage by stage: of the local profile from OUT/events.jsonl, or with"
          + " --project of a deployed Cradle from its runs table in BigQuery (application default"
          + " credentials)."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin SharedOptions.OutDirectory out;

  @Option(
      names = "--project",
      description = "A deployed Cradle's Google Cloud project: read its runs table instead.")
  String project;

  @Mixin SharedOptions.Dataset dataset;

  @Option(
      names = "--days",
      description = "With --project: events of the last DAYS days (default ${DEFAULT-VALUE}).",
      defaultValue = "7")
  int days;

  @Option(
      names = "--limit",
      description = "How many runs (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int limit;

  private final CloudClients cloud;

  StatusCommand(CloudClients cloud) {
    this.cloud = cloud;
  }

  @Override
  public Integer call() throws Exception {
    if (project != null) {
      if (days < 1) {
        throw new IllegalArgumentException("--days must be at least 1, not " + days);
      }
      java.time.Instant since = cloud.clock().instant().minus(java.time.Duration.ofDays(days));
      List<RunEvent> events = cloud.runsTable(project, dataset.name).since(since);
      String source = "`" + project + "." + dataset.name + ".runs` (the last " + days + " days)";
      print(events, source, "invalid message(s) acknowledged; details in Cloud Logging");
      return 0;
    }
    Path dir = out.path();
    LineFile.Contents<RunEvent> read = new FileRunEvents(dir.resolve("events.jsonl")).readAll();
    read.skipped().forEach(skipped -> System.err.println("cradle: " + skipped));
    print(
        read.items(),
        dir.resolve("events.jsonl") + " (./cradle demo makes one)",
        "invalid message(s) acknowledged; details in " + dir.resolve("logs/cradle.jsonl"));
    return 0;
  }

  private void print(List<RunEvent> events, String source, String invalidNote) {
    Map<String, Map<Stage, RunEvent>> runs = new LinkedHashMap<>();
    Map<String, String> dates = new LinkedHashMap<>();
    Map<String, ShardedPublish> shards = new LinkedHashMap<>();
    long invalid = 0;
    for (RunEvent e : events) {
      if (e.runId() == null) {
        invalid++;
        continue;
      }
      dates.put(e.runId(), e.runDate());
      runs.computeIfAbsent(e.runId(), k -> new EnumMap<>(Stage.class))
          .put(Stage.fromId(e.stage()).orElseThrow(), e);
      shards.computeIfAbsent(e.runId(), k -> new ShardedPublish()).add(e);
    }
    if (runs.isEmpty()) {
      System.out.println("no runs yet in " + source);
      return;
    }
    List<String> ids = new ArrayList<>(runs.keySet());
    ids.sort(
        Comparator.comparing(
                (String id) ->
                    runs.get(id).values().stream()
                        .map(RunEvent::at)
                        .max(Comparator.naturalOrder())
                        .orElseThrow())
            .reversed());
    System.out.printf(
        "%-24s %-10s  %-14s %-14s %-14s %s%n",
        "RUN", "DATE", "ANALYZE", "NOTEBOOK", "AWAIT", "PUBLISH");
    List<String> failures = new ArrayList<>();
    for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
      StringBuilder line = new StringBuilder(String.format("%-24s %-10s ", id, dates.get(id)));
      for (Stage stage : Stage.values()) {
        RunEvent e = runs.get(id).get(stage);
        ShardedPublish sharded = shards.get(id);
        if (stage == Stage.PUBLISH && sharded.count() > 1) {
          line.append(' ').append(sharded.cell());
          failures.addAll(sharded.notPublished(id));
          continue;
        }
        line.append(' ').append(String.format(stage == Stage.PUBLISH ? "%s" : "%-14s", cell(e)));
        if (e != null
            && (e.event() == RunEvent.Kind.FAILED || e.event() == RunEvent.Kind.DROPPED)) {
          failures.add(id + " " + stage.id() + ": " + e.reason());
        }
      }
      System.out.println(line.toString().stripTrailing());
    }
    failures.forEach(f -> System.out.println("  " + f));
    if (invalid > 0) {
      System.out.println(invalid + " " + invalidNote);
    }
  }

  private static String cell(RunEvent e) {
    if (e == null) {
      return "-";
    }
    return switch (e.event()) {
      case SUCCEEDED ->
          String.format("ok %.1fs", e.durationMs() / 1000.0)
              + (e.counts().containsKey("reports")
                  ? " (" + e.counts().get("reports") + " reports)"
                  : "");
      case SUPERSEDED -> "superseded";
      case STARTED -> "running";
      case RETRYING -> "retrying";
      default -> e.event().name();
    };
  }

  /**
   * A run's publish over several database instances: published when every shard is; the last event
   * of each shard says how it stands.
   */
  private static final class ShardedPublish {
    private final java.util.TreeMap<Integer, RunEvent> last = new java.util.TreeMap<>();
    private int count = 1;

    void add(RunEvent e) {
      if (!Stage.PUBLISH.id().equals(e.stage())) {
        return;
      }
      if (e.counts().get("shards") instanceof Number n) {
        count = Math.max(count, n.intValue());
      }
      if (e.shard() != null) {
        last.put(e.shard(), e);
        count = Math.max(count, e.shard() + 1);
      }
    }

    int count() {
      return count;
    }

    private boolean published(int shard) {
      RunEvent e = last.get(shard);
      return e != null
          && (e.event() == RunEvent.Kind.SUCCEEDED || e.event() == RunEvent.Kind.SUPERSEDED)
          && !e.counts().containsKey("continued");
    }

    /** "ok (N reports, 4 shards)" once every shard is published; else how many are. */
    String cell() {
      long done = java.util.stream.IntStream.range(0, count).filter(this::published).count();
      if (done < count) {
        return done + "/" + count + " shards published";
      }
      long reports = 0;
      for (RunEvent e : last.values()) {
        if (e.counts().get("reports") instanceof Number n) {
          reports += n.longValue();
        }
      }
      return "ok (" + reports + " reports, " + count + " shards)";
    }

    /** A line for each shard not published: failed (with why), running, or not begun. */
    List<String> notPublished(String runId) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (published(i)) {
          continue;
        }
        RunEvent e = last.get(i);
        String how =
            e == null
                ? "pending (not begun)"
                : e.event().failure()
                    ? e.event().id() + ": " + e.reason()
                    : e.counts().containsKey("continued")
                        ? "pending (continues in a new invocation)"
                        : "pending (" + StatusCommand.cell(e) + ")";
        lines.add(runId + " publish shard " + i + ": " + how);
      }
      return lines;
    }
  }
}

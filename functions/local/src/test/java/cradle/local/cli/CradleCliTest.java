package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.LocalWarehouseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a person uses it: exit codes, one-line errors, and the files it leaves. */
class CradleCliTest {
  @TempDir Path dir;

  private static Printed cradle(String... args) {
    return Printed.cradle(args);
  }

  @Test
  void generateThenRun_publishesAReportForEveryBabyWithEventsInTheWindow() throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("out");
    Printed generated =
        cradle(
            "generate", "--babies", "30", "--days", "21", "--seed", "5", "--out", data.toString());
    assertEquals(0, generated.code(), generated.err());
    assertTrue(generated.out().startsWith("generated 30 babies"), generated.out());

    Printed run = cradle("run", "--data", data.toString(), "--out", out.toString());

    assertEquals(0, run.code(), run.out() + run.err());
    LocalDate latest = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    JsonObject db =
        JsonParser.parseString(Files.readString(out.resolve("database.json"))).getAsJsonObject();
    JsonObject reports = db.getAsJsonObject("reports");
    int published =
        reports.entrySet().stream().mapToInt(u -> u.getValue().getAsJsonObject().size()).sum();
    assertEquals(
        LocalWarehouseFixture.babiesWithEventsInWindow(
            data.resolve("warehouse.duckdb"), latest, ZoneId.of("Asia/Tokyo")),
        published);
    assertEquals(published, db.getAsJsonObject("reports_meta").get("reports").getAsInt());
    assertEquals(
        latest.toString(), db.getAsJsonObject("reports_meta").get("run_date").getAsString());
    List<String> lines = run.out().lines().toList();
    Pattern stageLine = Pattern.compile(" {2}(\\w+) +ok +\\d+\\.\\d s");
    assertEquals(
        List.of("analyze", "notebook", "await", "publish"),
        lines.stream()
            .map(stageLine::matcher)
            .filter(Matcher::matches)
            .map(m -> m.group(1))
            .toList(),
        run.out());
    assertTrue(
        lines.contains(
            "reports for "
                + latest
                + ": "
                + published
                + " babies published, "
                + db.getAsJsonObject("reports_meta").get("rejected")
                + " rejected"),
        run.out());
    // the sample printed is a report the database holds, in both languages
    List<String> samples =
        lines.stream().filter(l -> l.startsWith("reports/") && l.endsWith(":")).toList();
    assertEquals(1, samples.size(), run.out());
    String path = samples.get(0);
    int sample = lines.indexOf(path);
    String[] keys = path.substring("reports/".length(), path.length() - 1).split("/");
    JsonObject summary =
        reports.getAsJsonObject(keys[0]).getAsJsonObject(keys[1]).getAsJsonObject("summary");
    assertEquals(
        List.of(
            "  en: " + summary.get("en").getAsString(), "  ja: " + summary.get("ja").getAsString()),
        lines.subList(sample + 1, sample + 3));

    Printed status = cradle("status", "--out", out.toString());
    assertEquals(0, status.code());
    String runId = run.out().split(" ")[1];
    assertTrue(
        status
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith(runId)
                        && l.contains("ok")
                        && l.contains("(" + published + " reports)")),
        status.out());

    Printed republish =
        cradle(
            "run", "--data", data.toString(), "--out", out.toString(), "--from-stage", "publish");
    assertEquals(0, republish.code(), republish.out() + republish.err());
    assertEquals(
        db.getAsJsonObject("reports"),
        JsonParser.parseString(Files.readString(out.resolve("database.json")))
            .getAsJsonObject()
            .getAsJsonObject("reports"),
        "publishing the same run again leaves the same reports");
  }

  @Test
  void run_withoutData_isOneClearLineAndNonZero() {
    Printed r =
        cradle(
            "run",
            "--data",
            dir.resolve("nothing").toString(),
            "--out",
            dir.resolve("o").toString());

    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("cradle: no activity log at "), r.err());
  }

  @Test
  void run_unknownStage_namesTheStages() {
    Printed r = cradle("run", "--from-stage", "bake", "--out", dir.toString());

    assertEquals(2, r.code());
    assertEquals(
        "cradle: --from-stage 'bake' is not one of analyze, notebook, await, publish"
            + " (see ./cradle run --help)",
        r.err().strip());
  }

  @Test
  void reshape_writesTheTree_andCountsRejectedRows() throws Exception {
    Path in = dir.resolve("rows.jsonl");
    Files.writeString(
        in,
        "{\"user_id\":\"u1\",\"baby_id\":\"b1\",\"x\":1}\n"
            + "{\"user_id\":\"u1\",\"baby_id\":\"b2\",\"x\":2}\n"
            + "{\"user_id\":\"bad.key\",\"baby_id\":\"b1\",\"x\":3}\n");
    Path tree = dir.resolve("tree.json");

    Printed r =
        cradle(
            "reshape", "--in", in.toString(), "--key", "user_id/baby_id", "--out", tree.toString());

    assertEquals(2, r.code());
    assertEquals(
        JsonParser.parseString("{\"u1\":{\"b1\":{\"x\":1},\"b2\":{\"x\":2}}}"),
        JsonParser.parseString(Files.readString(tree)));
    assertTrue(r.err().startsWith("cradle: 1 row rejected (1 invalid key)"), r.err());
  }

  @Test
  void helpAndMissingOptions() {
    Printed help = cradle("reshape", "--help");
    Printed missing = cradle("reshape", "--in", "x.jsonl");

    assertEquals(0, help.code());
    assertTrue(help.out().contains("--key"), help.out());
    assertEquals(2, missing.code());
    assertEquals(
        "cradle: Missing required option: '--out=<out>' (see ./cradle reshape --help)",
        missing.err().strip());
  }
}

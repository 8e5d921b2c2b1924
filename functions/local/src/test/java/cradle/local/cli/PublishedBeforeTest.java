package cradle.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cradle run} again for a run already published (here after the activity log changed):
 * publish leaves the database on the attempt it published, and the summary says so, names that
 * attempt's report, and prints the command that publishes the new one, which does.
 */
class PublishedBeforeTest {
  private static final Pattern RUN_LINE = Pattern.compile("run (\\S+) for (\\S+) \\(from .*");
  private static final String TO_PUBLISH = "  to publish them: ./cradle ";

  @TempDir Path dir;

  @Test
  void aReRunOfAPublishedRun_saysWhichAttemptIsPublished_andItsCommandPublishesTheNewOne()
      throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("out");
    generate(data, 5);
    Printed first = cradle("run", "--data", data.toString(), "--out", out.toString());
    assertEquals(0, first.code(), first.out() + first.err());
    Matcher run = RUN_LINE.matcher(first.out().lines().findFirst().orElseThrow());
    assertTrue(run.matches(), first.out());
    String runId = run.group(1);
    String date = run.group(2);
    JsonObject published = database(out);
    String firstReport = published.getAsJsonObject("reports_meta").get("report").getAsString();

    // other babies in the activity log; the same run again, from analyze
    generate(data, 6);
    Printed again =
        cradle(
            "run",
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--date",
            date,
            "--run-id",
            runId);

    assertEquals(0, again.code(), again.out() + again.err());
    assertEquals(published, database(out), "the database keeps the attempt it published");
    Path publishedReport = Path.of(URI.create(firstReport + "report.jsonl"));
    Path newReport = Path.of(line(again, "  report:    "));
    assertNotEquals(publishedReport, newReport);
    assertTrue(Files.exists(newReport), newReport.toString());
    List<String> lines = again.out().lines().toList();
    int said =
        lines.indexOf(
            "reports for "
                + date
                + ": this run was published before, from "
                + publishedReport
                + "; this attempt's reports are only artifacts");
    assertTrue(said >= 0, again.out());
    assertEquals(
        "  to publish them: ./cradle run --from-stage publish --date "
            + date
            + " --run-id "
            + runId
            + " --force",
        lines.get(said + 1));

    List<String> command =
        new ArrayList<>(
            Arrays.asList(lines.get(said + 1).substring(TO_PUBLISH.length()).split(" ")));
    command.addAll(List.of("--data", data.toString(), "--out", out.toString()));
    Printed followed = cradle(command.toArray(String[]::new));

    assertEquals(0, followed.code(), followed.out() + followed.err());
    JsonObject db = database(out);
    assertEquals(
        newReport.getParent().toUri().toString(),
        db.getAsJsonObject("reports_meta").get("report").getAsString());
    JsonObject expected = new JsonObject();
    for (String row : Files.readAllLines(newReport)) {
      JsonObject r = JsonParser.parseString(row).getAsJsonObject();
      String user = r.remove("user_id").getAsString();
      String baby = r.remove("baby_id").getAsString();
      if (!expected.has(user)) {
        expected.add(user, new JsonObject());
      }
      expected.getAsJsonObject(user).add(baby, r);
    }
    assertTrue(expected.size() > 0);
    assertEquals(expected, db.getAsJsonObject("reports"));
    JsonObject meta = db.getAsJsonObject("reports_meta");
    assertTrue(
        followed
            .out()
            .lines()
            .anyMatch(
                l ->
                    l.equals(
                        "reports for "
                            + date
                            + ": "
                            + meta.get("reports")
                            + " babies published, "
                            + meta.get("rejected")
                            + " rejected")),
        followed.out());
  }

  private static void generate(Path data, long seed) {
    Printed generated =
        cradle(
            "generate",
            "--babies",
            "12",
            "--days",
            "14",
            "--seed",
            String.valueOf(seed),
            "--out",
            data.toString());
    assertEquals(0, generated.code(), generated.err());
  }

  private static Printed cradle(String... args) {
    return Printed.cradle(args);
  }

  private static JsonObject database(Path out) throws Exception {
    return JsonParser.parseString(Files.readString(out.resolve("database.json"))).getAsJsonObject();
  }

  /** The rest of the one line printed that starts with {@code prefix}. */
  private static String line(Printed printed, String prefix) {
    List<String> found = printed.out().lines().filter(l -> l.startsWith(prefix)).toList();
    assertEquals(1, found.size(), printed.out());
    return found.get(0).substring(prefix.length());
  }
}

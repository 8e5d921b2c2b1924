package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.local.cli.CradleCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executed notebook is a report: two nights run through the command line, then the second
 * night's executed notebook and its HTML are read. The summary is the first output and compares
 * with the first night (whose own summary says there was none before), the charts are images, and
 * the HTML shows no code.
 */
class NotebookReportTest {
  @TempDir Path dir;

  private static Path only(Path root, String date, String file) throws Exception {
    try (Stream<Path> s = Files.walk(root.resolve("gcs/cradle-artifacts/runs/" + date))) {
      List<Path> found = s.filter(p -> p.getFileName().toString().equals(file)).toList();
      assertEquals(1, found.size(), found.toString());
      return found.get(0);
    }
  }

  private static List<JsonObject> outputs(Path notebook) throws Exception {
    List<JsonObject> outputs = new ArrayList<>();
    for (JsonElement cell :
        JsonParser.parseString(Files.readString(notebook))
            .getAsJsonObject()
            .getAsJsonArray("cells")) {
      JsonArray out = cell.getAsJsonObject().getAsJsonArray("outputs");
      if (out != null) {
        out.forEach(o -> outputs.add(o.getAsJsonObject()));
      }
    }
    return outputs;
  }

  private static String text(JsonObject output, String mime) {
    JsonElement data = output.getAsJsonObject("data").get(mime);
    if (data.isJsonArray()) {
      StringBuilder b = new StringBuilder();
      data.getAsJsonArray().forEach(l -> b.append(l.getAsString()));
      return b.toString();
    }
    return data.getAsString();
  }

  @Test
  void theSummaryComesFirst_comparedWithThePreviousPublishedNight_andTheHtmlShowsNoCode()
      throws Exception {
    LocalDate second = LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1);
    LocalDate first = second.minusDays(1);
    Path data = dir.resolve("data");
    Path out = dir.resolve("out");
    LocalWarehouseFixture.generate(data.resolve("warehouse.duckdb"), 20, 14, 2, second);
    for (LocalDate date : List.of(first, second)) {
      assertEquals(
          0,
          CradleCli.execute(
              "run",
              "--data",
              data.toString(),
              "--out",
              out.toString(),
              "--date",
              date.toString()));
    }
    Path firstReport = only(out, first.toString(), "report.jsonl");
    long firstBabies = Files.readAllLines(firstReport).stream().filter(l -> !l.isBlank()).count();
    // runs/DATE/RUN_ID/notebook/ATTEMPT/report/report.jsonl
    String firstRun =
        firstReport.getParent().getParent().getParent().getParent().getFileName().toString();

    List<JsonObject> firstOutputs = outputs(only(out, first.toString(), "output.ipynb"));
    assertTrue(
        text(firstOutputs.get(0), "text/markdown")
            .contains("No previous published night to compare with"),
        firstOutputs.get(0).toString());

    Path notebook = only(out, second.toString(), "output.ipynb");
    List<JsonObject> outputs = outputs(notebook);
    JsonObject summary = outputs.get(0);
    assertEquals("display_data", summary.get("output_type").getAsString());
    String head = text(summary, "text/markdown");
    assertTrue(head.contains("for " + second + ": "), head);
    assertTrue(
        head.contains(
            "Compared with the previous published night, " + first + " (run " + firstRun + ")"),
        head);
    String table = text(outputs.get(1), "text/plain");
    assertTrue(table.contains("previous (" + first + ")"), table);
    assertTrue(
        table
            .lines()
            .anyMatch(l -> l.startsWith("babies reported") && l.contains(" " + firstBabies + " ")),
        table);
    long images =
        outputs.stream()
            .filter(o -> o.has("data") && o.getAsJsonObject("data").has("image/png"))
            .count();
    assertTrue(images >= 2, "charts as image/png outputs: " + images);

    String html = Files.readString(notebook.resolveSibling("output.html"), StandardCharsets.UTF_8);
    // nbconvert renders a code cell's input through Pygments, in an element of class "highlight
    // hl-LANGUAGE" (its stylesheet names ".highlight" but never that attribute); outputs only here
    assertFalse(
        java.util.regex.Pattern.compile("class=\"[^\"]*highlight hl-").matcher(html).find(),
        "code input in the HTML");
    assertTrue(html.contains("data:image/png;base64,iVBOR"), "the charts are in the HTML");
  }
}

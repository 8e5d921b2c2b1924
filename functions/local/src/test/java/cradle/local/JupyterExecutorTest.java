package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.await.NotebookErrors;
import cradle.notebook.ParameterInjector;
import cradle.shared.port.NotebookExecutor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report notebook runs for real through Jupyter (needs jupyter nbconvert with pandas). */
class JupyterExecutorTest {
  @TempDir Path dir;

  private static String template() throws Exception {
    try (InputStream in =
        JupyterExecutorTest.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private NotebookExecutor.Status execute(String notebook) throws Exception {
    Path input = dir.resolve("input.ipynb");
    Files.writeString(input, notebook);
    JupyterExecutor executor = new JupyterExecutor("jupyter");
    String name =
        executor.start(
            new NotebookExecutor.Job(
                "job-1",
                FileBlobStore.uri(input),
                FileBlobStore.uri(dir.resolve("output")) + "/",
                Duration.ofMinutes(5),
                Map.of()));
    return executor.status(name);
  }

  @Test
  void reportNotebook_turnsAnalysisRowsIntoReports() throws Exception {
    Path analysis = Files.createDirectories(dir.resolve("analysis"));
    Files.writeString(
        analysis.resolve("rows-000.jsonl"),
        String.join(
            "\n",
            "{\"report_date\":\"2026-11-25\",\"user_id\":\"uB\",\"baby_id\":\"b1\",\"birth_date\":\"2026-06-01\",\"age_days\":177,\"logged_today\":true,\"sleep_min\":750.0,\"day_sleep_min\":150.0,\"night_sleep_min\":600.0,\"longest_sleep_min\":240.0,\"night_wakings\":2,\"naps\":2,\"feeds\":4,\"breast_feeds\":1,\"bottle_feeds\":3,\"bottle_ml\":370,\"mean_feed_gap_min\":440.0,\"wet_diapers\":2,\"dirty_diapers\":2,\"days_since_dirty\":0,\"days_logged_7d\":7,\"avg_sleep_min_7d\":600.0,\"avg_night_sleep_min_7d\":500.0,\"avg_night_wakings_7d\":2.0,\"avg_naps_7d\":2.0,\"avg_feeds_7d\":5.0,\"avg_bottle_ml_7d\":400.0,\"avg_wet_diapers_7d\":6.0,\"avg_dirty_diapers_7d\":2.0,\"days_logged_prev_7d\":7,\"avg_sleep_min_prev_7d\":800.0,\"sleep_change\":-0.25,\"night_wakings_change\":0.5,\"feeds_change\":0.0,\"bottle_ml_change\":null}",
            "{\"report_date\":\"2026-11-25\",\"user_id\":\"uA\",\"baby_id\":\"a1\",\"birth_date\":null,\"age_days\":null,\"logged_today\":false,\"sleep_min\":0.0,\"day_sleep_min\":0.0,\"night_sleep_min\":0.0,\"longest_sleep_min\":0.0,\"night_wakings\":0,\"naps\":0,\"feeds\":0,\"breast_feeds\":0,\"bottle_feeds\":0,\"bottle_ml\":0,\"mean_feed_gap_min\":null,\"wet_diapers\":0,\"dirty_diapers\":0,\"days_since_dirty\":null,\"days_logged_7d\":1,\"avg_sleep_min_7d\":700.0,\"avg_night_sleep_min_7d\":600.0,\"avg_night_wakings_7d\":1.0,\"avg_naps_7d\":1.0,\"avg_feeds_7d\":4.0,\"avg_bottle_ml_7d\":0.0,\"avg_wet_diapers_7d\":5.0,\"avg_dirty_diapers_7d\":0.0,\"days_logged_prev_7d\":0,\"avg_sleep_min_prev_7d\":null,\"sleep_change\":null,\"night_wakings_change\":null,\"feeds_change\":null,\"bottle_ml_change\":null}"));
    Path report = dir.resolve("report/report.jsonl");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("run_id", "run-7");
    p.put("run_date", "2026-11-25");
    p.put("time_zone", "Asia/Tokyo");
    p.put("input_uri", FileBlobStore.uri(analysis) + "/");
    p.put("output_uri", FileBlobStore.uri(report));

    NotebookExecutor.Status status = execute(ParameterInjector.inject(template(), p));

    assertEquals(NotebookExecutor.State.SUCCEEDED, status.state(), status.error());
    assertEquals(
        java.util.Optional.empty(),
        NotebookErrors.firstError(
            Files.readString(FileBlobStore.path(status.outputNotebookUri()))));
    List<JsonObject> rows =
        Files.readAllLines(report).stream()
            .map(l -> JsonParser.parseString(l).getAsJsonObject())
            .toList();
    assertEquals(
        List.of("uA", "uB"),
        rows.stream().map(r -> r.get("user_id").getAsString()).toList(),
        "sorted by key");
    JsonObject b = rows.get(1);
    assertEquals("run-7", b.get("run_id").getAsString());
    assertEquals(750.0, b.getAsJsonObject("today").get("sleep_min").getAsDouble());
    assertEquals(2, b.getAsJsonObject("today").get("night_wakings").getAsInt());
    JsonObject norm = b.getAsJsonObject("sleep_norm");
    assertEquals(
        "below", norm.get("status").getAsString(), "10 h a day is below 12-16 h at 177 days");
    assertEquals(12, norm.get("min_hours").getAsInt());
    assertEquals("AASM 2016", norm.get("source").getAsString());
    assertEquals(
        List.of("sleep_down", "more_night_wakings", "few_wet_diapers"),
        b.getAsJsonArray("flags").asList().stream().map(f -> f.getAsString()).toList());
    assertEquals(
        "Slept 10 h 0 min a day on average this week, below the 12-16 h recommended for this age."
            + " That is 25% less than the week before.",
        b.getAsJsonObject("summary").get("en").getAsString());
    assertEquals(
        "今週の平均睡眠は1日10時間0分で、この月齢の目安（12〜16時間）を下回っています。先週より25%短くなりました。",
        b.getAsJsonObject("summary").get("ja").getAsString());
    JsonObject a = rows.get(0);
    assertEquals("not_enough_data", a.getAsJsonObject("sleep_norm").get("status").getAsString());
    assertTrue(a.get("age_days").isJsonNull(), "unknown age stays null");
    assertEquals(
        List.of("not_logged_today", "no_dirty_diaper_3_days"),
        a.getAsJsonArray("flags").asList().stream().map(f -> f.getAsString()).toList());
  }

  @Test
  void raisingNotebook_failsWithTheCellsError() throws Exception {
    String notebook =
        "{\"cells\":[{\"cell_type\":\"code\",\"id\":\"p\",\"metadata\":{\"tags\":[\"parameters\"]},\"execution_count\":null,\"outputs\":[],\"source\":[\"rows"
            + " = 0\"]},{\"cell_type\":\"code\",\"id\":\"x\",\"metadata\":{},\"execution_count\":null,\"outputs\":[],\"source\":[\"raise"
            + " ValueError(f'no analysis rows:"
            + " {rows}')\"]}],\"metadata\":{\"kernelspec\":{\"name\":\"python3\",\"display_name\":\"Python"
            + " 3\",\"language\":\"python\"}},\"nbformat\":4,\"nbformat_minor\":5}";

    NotebookExecutor.Status status = execute(ParameterInjector.inject(notebook, Map.of("rows", 3)));

    assertEquals(NotebookExecutor.State.FAILED, status.state());
    assertTrue(status.error().contains("ValueError: no analysis rows: 3"), status.error());
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import cradle.local.bench.BenchReports;
import cradle.local.generate.GenerationSpec;
import cradle.publish.ReportSchema;
import cradle.shared.reshape.KeyPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every report of a run keeps report.schema.json, and every field has the same JSON type whatever
 * the batch holds: a run of 3 babies and one of 120 (realistic logging: sparse, paused and newborn
 * babies among them) write each field as the same kind of JSON value (an integer never as 4.0).
 */
class ReportContractTest {
  private static final LocalDate END = LocalDate.parse("2026-11-25");

  @TempDir Path dir;

  private Map<String, JsonObject> run(String name, int babies) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Path db = d.resolve("warehouse.duckdb");
    LocalWarehouse.generate(db, GenerationSpec.realistic(babies, 28, 5, END, ReportRun.TOKYO));
    return ReportRun.run(db, d, END).reports();
  }

  /** Each field path ("days[].sleep_min") with the JSON types it takes. */
  private static void kinds(String path, JsonElement e, Map<String, Set<String>> out) {
    if (e.isJsonObject()) {
      for (var m : e.getAsJsonObject().entrySet()) {
        String child = m.getKey();
        if (path.endsWith("flag_texts")) {
          child = "*"; // keyed by flag code
        }
        kinds(path.isEmpty() ? child : path + "." + child, m.getValue(), out);
      }
    } else if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(item -> kinds(path + "[]", item, out));
    } else {
      out.computeIfAbsent(path, k -> new java.util.TreeSet<>()).add(kind(e));
    }
  }

  private static String kind(JsonElement e) {
    if (e.isJsonNull()) {
      return "null";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isNumber()) {
      String text = p.getAsNumber().toString();
      return text.contains(".") || text.contains("e") || text.contains("E") ? "float" : "integer";
    }
    return p.isBoolean() ? "boolean" : "string";
  }

  @Test
  void reportsOfSmallAndLargeRuns_keepTheContract_withTheSameTypes() throws Exception {
    ReportSchema contract = ReportSchema.load(KeyPath.parse("user_id/baby_id"));
    ObjectMapper json = new ObjectMapper();
    Map<String, Set<String>> small = new TreeMap<>();
    Map<String, Set<String>> large = new TreeMap<>();
    Map<String, JsonObject> smallRun = run("small", 3);
    Map<String, JsonObject> largeRun = run("large", 120);

    for (var runAndKinds : Map.of(smallRun, small, largeRun, large).entrySet()) {
      for (var r : runAndKinds.getKey().entrySet()) {
        assertEquals(
            Set.of(), contract.problems(json.readTree(r.getValue().toString())), r.getKey());
        kinds("", r.getValue(), runAndKinds.getValue());
      }
    }

    for (var field : large.entrySet()) {
      assertEquals(1, field.getValue().size(), field.getKey() + " takes one type: " + field);
      assertTrue(!field.getValue().contains("null"), field.getKey() + " is never null");
    }
    for (var field : small.entrySet()) {
      assertEquals(large.get(field.getKey()), field.getValue(), field.getKey());
    }
    assertTrue(largeRun.size() > 100, "a realistic run reports nearly every baby");
    benchReports_areTheNotebooks(contract, json, largeRun);
  }

  /**
   * The publish benchmark plays reports like these: each keeps the contract, and their mean size is
   * within 15 % of this run's (when the report grows or shrinks, take a new sample; see {@link
   * BenchReports}).
   */
  private static void benchReports_areTheNotebooks(
      ReportSchema contract, ObjectMapper json, Map<String, JsonObject> run) throws Exception {
    BenchReports bench = new BenchReports(7);
    for (int i = 0; i < 100; i++) {
      String row = new String(bench.row(i), StandardCharsets.UTF_8);
      assertEquals(Set.of(), contract.problems(json.readTree(row)), "bench row " + i + ": " + row);
    }
    double benchMean = bench.bytes(0, 1000).length / 1000.0;
    double runMean =
        run.values().stream()
            .mapToInt(r -> r.toString().getBytes(StandardCharsets.UTF_8).length + 1)
            .average()
            .orElseThrow();
    assertTrue(
        Math.abs(benchMean / runMean - 1) < 0.15,
        String.format(
            "the benchmark's reports average %.0f bytes, this run's %.0f: resample %s",
            benchMean, runMean, BenchReports.TEMPLATES));
  }
}

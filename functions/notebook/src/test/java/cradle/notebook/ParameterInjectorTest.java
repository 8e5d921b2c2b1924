package cradle.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterInjectorTest {
  private static String template() throws IOException {
    try (InputStream in =
        ParameterInjectorTest.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String source(JsonObject cell) {
    StringBuilder sb = new StringBuilder();
    cell.getAsJsonArray("source").forEach(l -> sb.append(l.getAsString()));
    return sb.toString();
  }

  @Test
  void inject_addsTaggedCellRightAfterParameters_withPythonLiterals() throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("run_id", "r-1");
    p.put("note", "quote \" back\\slash 改行\n");
    p.put("limit", 3);
    p.put("strict", true);
    p.put("missing", null);

    JsonArray cells =
        JsonParser.parseString(ParameterInjector.inject(template(), p))
            .getAsJsonObject()
            .getAsJsonArray("cells");

    JsonObject parameters = cells.get(1).getAsJsonObject();
    JsonObject injected = cells.get(2).getAsJsonObject();
    assertEquals(
        "parameters",
        parameters.getAsJsonObject("metadata").getAsJsonArray("tags").get(0).getAsString());
    assertEquals(
        "injected-parameters",
        injected.getAsJsonObject("metadata").getAsJsonArray("tags").get(0).getAsString());
    assertEquals(
        "# Parameters\n"
            + "run_id = \"r-1\"\n"
            + "note = \"quote \\\" back\\\\slash 改行\\n"
            + "\"\n"
            + "limit = 3\n"
            + "strict = True\n"
            + "missing = None\n",
        source(injected));
    assertEquals(
        JsonParser.parseString(template()).getAsJsonObject().getAsJsonArray("cells").size() + 1,
        cells.size());
  }

  @Test
  void inject_twice_replacesTheEarlierInjection() throws IOException {
    String once = ParameterInjector.inject(template(), Map.of("run_id", "first"));

    String twice = ParameterInjector.inject(once, Map.of("run_id", "second"));

    JsonArray cells = JsonParser.parseString(twice).getAsJsonObject().getAsJsonArray("cells");
    assertEquals(
        JsonParser.parseString(once).getAsJsonObject().getAsJsonArray("cells").size(),
        cells.size());
    assertEquals("# Parameters\nrun_id = \"second\"\n", source(cells.get(2).getAsJsonObject()));
  }

  @Test
  void inject_notebookWithoutParametersCell_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ParameterInjector.inject(
                    "{\"cells\":[{\"cell_type\":\"code\",\"source\":[]}]}", Map.of()));

    assertEquals("the notebook has no cell tagged 'parameters'", e.getMessage());
  }
}

package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkValuesTest {
  private static Map<String, Object> parse(String json) throws IOException {
    return ChunkValues.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_givesTheSdkTypesForEveryJsonValue() throws IOException {
    Map<String, Object> updates =
        parse(
            "{\"reports/u1/b1\":{\"n\":42,\"neg\":-7,\"f\":0.25,\"e\":1e3,\"big\":123456789012345678901234,"
                + "\"t\":true,\"no\":false,\"s\":\"よく\\\"眠\\n\",\"a\":[1,[2.5],{\"k\":null}]},"
                + "\"reports/u2/b1\":null}");

    Map<String, Object> b1 = new LinkedHashMap<>();
    b1.put("n", 42L);
    b1.put("neg", -7L);
    b1.put("f", 0.25);
    b1.put("e", 1000.0);
    b1.put("big", 1.2345678901234568e23);
    b1.put("t", true);
    b1.put("no", false);
    b1.put("s", "よく\"眠\n");
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("k", null);
    b1.put("a", new ArrayList<>(Arrays.asList(1L, List.of(2.5), k)));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("reports/u1/b1", b1);
    expected.put("reports/u2/b1", null);
    assertEquals(expected, updates);
    assertEquals(List.of("reports/u1/b1", "reports/u2/b1"), List.copyOf(updates.keySet()));
    assertEquals(Long.class, ((Map<?, ?>) updates.get("reports/u1/b1")).get("n").getClass());
  }

  @Test
  void parse_ofTheGoldenReshape_equalsItsJson() throws IOException {
    byte[] golden =
        Files.readAllBytes(
            Path.of("../../shared/src/test/resources/reshape/families.expected.json"));

    Map<String, Object> values = ChunkValues.parse(golden);

    assertEquals(
        JsonParser.parseString(new String(golden, StandardCharsets.UTF_8)),
        JsonParser.parseString(new Gson().toJson(values).replaceAll("(\\d)\\.0(?=[,}\\]])", "$1")));
  }

  @Test
  void parse_ofSomethingElseThanOneObject_fails() {
    assertThrows(IOException.class, () -> parse("[1,2]"));
    assertThrows(IOException.class, () -> parse("{\"a\":1} {\"b\":2}"));
    assertThrows(IOException.class, () -> parse("{\"a\":[1,2"));
  }
}

package cradle.shared.reshape;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateChunkerTest {
  private static KeyedRow row(String value, String... keys) {
    return new KeyedRow(List.of(keys), value.getBytes(UTF_8));
  }

  private static String text(UpdateChunk c) {
    return new String(c.json(), UTF_8);
  }

  @Test
  void keysNeedingEscapes_areQuoted_plainOnesCopied() throws IOException {
    List<UpdateChunk> chunks = new ArrayList<>();
    UpdateChunker chunker = new UpdateChunker("reports", 1 << 20, chunks::add);

    chunker.add(row("1", "u1", "b1"));
    chunker.add(row("2", "a\"b", "c\\d"));
    chunker.add(row("3", "é", "\u0080"));
    chunker.add(row("{\"x\":4}", "del\u007f"));
    chunker.finish();

    assertEquals(1, chunks.size());
    assertEquals(4, chunks.get(0).paths());
    Map<String, JsonElement> m = chunks.get(0).asMap();
    assertEquals(
        List.of("reports/u1/b1", "reports/a\"b/c\\d", "reports/é/\u0080", "reports/del\u007f"),
        List.copyOf(m.keySet()));
    assertEquals(JsonParser.parseString("{\"x\":4}"), m.get("reports/del\u007f"));
    assertEquals(
        "{\"reports/u1/b1\":1,\"reports/a\\\"b/c\\\\d\":2,\"reports/é/\u0080\":3,"
            + "\"reports/del\u007f\":{\"x\":4}}",
        text(chunks.get(0)));
  }

  @Test
  void aChunkIsSentWhenTheNextRowWouldPassTheBudget_notBefore() throws IOException {
    // {"r/k1":"vvvv" is 14 bytes; a row adds its value and 64 bytes of allowance for its path
    KeyedRow first = row("\"vvvv\"", "k1");
    KeyedRow second = row("\"ww\"", "k2");
    long exact = 14 + second.bytes() + 64;

    List<UpdateChunk> fits = new ArrayList<>();
    UpdateChunker roomy = new UpdateChunker("r", exact, fits::add);
    roomy.add(first);
    roomy.add(second);
    roomy.finish();

    List<UpdateChunk> split = new ArrayList<>();
    UpdateChunker tight = new UpdateChunker("r", exact - 1, split::add);
    tight.add(first);
    tight.add(second);
    tight.finish();

    assertEquals(
        List.of("{\"r/k1\":\"vvvv\",\"r/k2\":\"ww\"}"), fits.stream().map(c -> text(c)).toList());
    assertEquals(1, roomy.chunks());
    assertEquals(
        List.of("{\"r/k1\":\"vvvv\"}", "{\"r/k2\":\"ww\"}"),
        split.stream().map(c -> text(c)).toList());
    assertEquals(List.of(1, 1), split.stream().map(UpdateChunk::paths).toList());
    assertEquals(2, tight.chunks());
  }

  @Test
  void aRowLargerThanTheBudget_stillGoesAlone_andNothingIsSentForNoRows() throws IOException {
    List<UpdateChunk> chunks = new ArrayList<>();
    UpdateChunker chunker = new UpdateChunker("r", 10, chunks::add);
    chunker.finish();
    assertEquals(List.of(), chunks);

    chunker.add(row("\"" + "x".repeat(100) + "\"", "big"));
    chunker.add(row("2", "next"));
    chunker.finish();

    assertEquals(2, chunks.size());
    assertEquals("{\"r/next\":2}", text(chunks.get(1)));
    assertEquals(2, chunker.chunks());
  }
}

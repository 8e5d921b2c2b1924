package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateChunkTest {
  @Test
  void of_keepsEveryPathInOrder_nullsAsDeletes_andCountsThem() {
    Map<String, JsonElement> updates = new LinkedHashMap<>();
    updates.put("reports/u1/b1", JsonParser.parseString("{\"name\":\"<Ann>\"}"));
    updates.put("reports/u2/b1", JsonNull.INSTANCE);

    UpdateChunk chunk = UpdateChunk.of(updates);

    assertEquals(2, chunk.paths());
    assertEquals(
        "{\"reports/u1/b1\":{\"name\":\"<Ann>\"},\"reports/u2/b1\":null}",
        new String(chunk.json(), StandardCharsets.UTF_8));
    assertEquals(updates, chunk.asMap());
  }
}

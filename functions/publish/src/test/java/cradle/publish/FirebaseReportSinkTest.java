package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.port.WriteWindow;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunker;
import cradle.shared.testing.FirebaseServerPeer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Admin SDK, on the classpath this function ships with, writing through a protocol peer.
 */
class FirebaseReportSinkTest {
  @Test
  void chunkedUpdates_ofThousandsOfChildren_readBackWhole() throws Exception {
    StringBuilder rows = new StringBuilder();
    JsonObject expected = new JsonObject();
    for (int u = 0; u < 1500; u++) {
      for (int b = 1; b <= 2; b++) {
        String row =
            "{\"user_id\":\"user"
                + u
                + "\",\"baby_id\":\"b"
                + b
                + "\",\"sleep_min\":"
                + (600 + u % 7)
                + ",\"summary\":{\"ja\":\"よく眠りました\",\"en\":\"Slept well\"},\"ratio\":0.25}";
        rows.append(row).append('\n');
        JsonObject value = JsonParser.parseString(row).getAsJsonObject();
        value.remove("user_id");
        value.remove("baby_id");
        if (!expected.has("user" + u)) expected.add("user" + u, new JsonObject());
        expected.getAsJsonObject("user" + u).add("b" + b, value);
      }
    }
    try (FirebaseServerPeer peer = FirebaseServerPeer.start()) {
      FirebaseReportSink sink =
          new FirebaseReportSink(
              FirebaseReportSink.emulatorUrl(peer.host(), "cradle"), true, Duration.ofSeconds(60));
      WriteWindow writes = new WriteWindow(sink, 4, Duration.ofSeconds(60));
      UpdateChunker chunker = new UpdateChunker("reports", 64 * 1024, writes::submit);
      JsonlRows.stream(
          new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)),
          "rows",
          new RowReshaper(KeyPath.parse("user_id/baby_id"), 1),
          new Rejections(),
          (row, line) -> chunker.add(row));
      chunker.finish();
      writes.drain();
      sink.update(
          Map.of("reports_meta", JsonParser.parseString("{\"run_id\":\"r1\",\"reports\":3000}")));

      JsonElement back = sink.read("reports");

      assertEquals(true, chunker.chunks() > 5, "several multi-path writes: " + chunker.chunks());
      assertEquals(chunker.chunks(), writes.acknowledged());
      assertEquals(expected, normalize(back));
      assertEquals(3000, sink.read("reports_meta").getAsJsonObject().get("reports").getAsInt());
      assertNull(sink.read("nothing/here"));
    }
  }

  /** The SDK reads numbers back as Long or Double; compare them as JSON numbers. */
  private static JsonElement normalize(JsonElement e) {
    return JsonParser.parseString(e.toString().replaceAll("(\\d)\\.0(?=[,}\\]])", "$1"));
  }
}

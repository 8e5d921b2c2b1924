package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local database file after each kind of change: exactly the JSON of the whole tree, although
 * only the nodes a write changed are rendered again.
 */
class JsonFileDatabaseTest {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("database.json");
  }

  private static JsonElement json(String text) {
    return JsonParser.parseString(text);
  }

  private static void update(JsonFileDatabase db, String... pathsAndValues) throws Exception {
    Map<String, JsonElement> updates = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      updates.put(pathsAndValues[i], json(pathsAndValues[i + 1]));
    }
    db.submit(UpdateChunk.of(updates)).get();
  }

  /** The file holds the expected tree, written as Gson writes it, and a new reader sees it. */
  private void assertHolds(String expected) throws Exception {
    JsonObject tree = json(expected).getAsJsonObject();
    assertEquals(GSON.toJson(tree), Files.readString(file()));
    assertEquals(tree, new JsonFileDatabase(file()).read(""));
  }

  @Test
  void everyKindOfChange_leavesTheFileExactlyTheTree() throws Exception {
    JsonFileDatabase db = new JsonFileDatabase(file());

    update(db, "reports/u1/b1", "{\"sleep\":600}", "reports/u2/b1", "{\"sleep\":601}");
    assertHolds("{\"reports\":{\"u1\":{\"b1\":{\"sleep\":600}},\"u2\":{\"b1\":{\"sleep\":601}}}}");

    update(db, "reports/u1/b1/sleep", "700"); // deep inside a node already written
    assertHolds("{\"reports\":{\"u1\":{\"b1\":{\"sleep\":700}},\"u2\":{\"b1\":{\"sleep\":601}}}}");

    db.transact("reports_meta_lease", current -> Optional.of(json("{\"run_id\":\"r\"}")));
    update(db, "reports/u2", "null", "reports/u1/b2", "{\"name\":\"<é \\\"q\\\" &>\"}");
    assertHolds(
        "{\"reports\":{\"u1\":{\"b1\":{\"sleep\":700},\"b2\":{\"name\":\"<é \\\"q\\\" &>\"}}},"
            + "\"reports_meta_lease\":{\"run_id\":\"r\"}}");

    db.transact("reports_meta_lease", current -> Optional.of(JsonNull.INSTANCE));
    update(db, "reports", "{\"u9\":{\"b1\":{\"x\":1}}}", "reports_meta", "{\"run_id\":\"r\"}");
    assertHolds("{\"reports\":{\"u9\":{\"b1\":{\"x\":1}}},\"reports_meta\":{\"run_id\":\"r\"}}");

    update(db, "reports/u9/b1/x", "null");
    assertHolds("{\"reports_meta\":{\"run_id\":\"r\"}}");
  }

  @Test
  void aWriteByAnotherProcess_isKeptByTheNextWriteOfThisOne() throws Exception {
    JsonFileDatabase mine = new JsonFileDatabase(file());
    JsonFileDatabase theirs = new JsonFileDatabase(file());
    update(mine, "reports/u1/b1", "{\"sleep\":600}", "reports/u2/b1", "{\"sleep\":601}");

    update(theirs, "reports/u1/b1/sleep", "800");
    update(mine, "reports/u3/b1", "{\"sleep\":602}");

    assertHolds(
        "{\"reports\":{\"u1\":{\"b1\":{\"sleep\":800}},\"u2\":{\"b1\":{\"sleep\":601}},"
            + "\"u3\":{\"b1\":{\"sleep\":602}}}}");
  }

  @Test
  void transactionsDeepInANode_keysThatNeedEscapes_andValuesAtTheTop_areWrittenAsTheTree()
      throws Exception {
    JsonFileDatabase db = new JsonFileDatabase(file());
    update(db, "version", "2", "reports/u \"1\"/b<1>", "{\"sleep\":600}");
    assertHolds("{\"version\":2,\"reports\":{\"u \\\"1\\\"\":{\"b<1>\":{\"sleep\":600}}}}");

    db.transact("reports/u \"1\"/b<1>/sleep", current -> Optional.of(json("601")));
    assertHolds("{\"version\":2,\"reports\":{\"u \\\"1\\\"\":{\"b<1>\":{\"sleep\":601}}}}");
  }

  @Test
  void aValueUtf8CannotHold_failsTheWrite_andTheFileKeepsItsState() throws Exception {
    JsonFileDatabase db = new JsonFileDatabase(file());
    update(db, "reports/u1/b1", "{\"sleep\":600}");

    // (an update's JSON bytes already carry a '?' for it; a transaction's value does not)
    assertThrows(
        IOException.class,
        () ->
            db.transact("reports/u1/b1/name", current -> Optional.of(new JsonPrimitive("\ud800"))));

    assertHolds("{\"reports\":{\"u1\":{\"b1\":{\"sleep\":600}}}}");
    assertEquals(json("{\"sleep\":600}"), db.read("reports/u1/b1"));
  }
}

package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules as the app meets them: the Firebase JS SDK 11 signed in as a family reads through
 * firebase-server (src/test/node/rules-through-sdk.js). A family reads its own node, with its data;
 * another family's node, the meta, the root, and anyone not signed in are denied.
 */
class RulesThroughSdkTest {
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"terraform/database.rules.json", "docs/database.rules.fragment.json"})
  void aFamilyReadsItsOwnReports_andIsDeniedTheRest(String rules) throws Exception {
    String input =
        """
        {"data": {"reports": {"alice": {"b1": {"sleep_min": 600}},
                              "bob": {"b1": {"sleep_min": 640}}},
                  "reports_meta": {"run_id": "r"},
                  "reports_meta_lease": {"run_id": "r", "token": "t"}},
         "reads": [{"uid": "alice", "path": "/reports/alice"},
                   {"uid": "alice", "path": "/reports/bob"},
                   {"uid": "alice", "path": "/reports"},
                   {"uid": "alice", "path": "/reports_meta"},
                   {"uid": "alice", "path": "/reports_meta_lease"},
                   {"uid": "alice", "path": "/"},
                   {"uid": null, "path": "/reports/alice"}]}
        """;
    Process node =
        new ProcessBuilder("node", "functions/local/src/test/node/rules-through-sdk.js", rules)
            .directory(REPO.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    node.getOutputStream().close();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        node.waitFor(120, TimeUnit.SECONDS) && node.exitValue() == 0,
        "the SDK run failed (run `npm ci` at the repository root): " + out);

    String denied = "{\"allowed\":false,\"error\":\"PERMISSION_DENIED\"}";
    JsonArray expected =
        JsonParser.parseString(
                "[{\"allowed\":true,\"value\":{\"b1\":{\"sleep_min\":600}}},"
                    + String.join(",", java.util.Collections.nCopies(6, denied))
                    + "]")
            .getAsJsonArray();
    assertEquals(expected, JsonParser.parseString(out).getAsJsonArray());
  }
}

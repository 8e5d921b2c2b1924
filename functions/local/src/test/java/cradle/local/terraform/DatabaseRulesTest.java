package cradle.local.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code terraform/database.rules.json} evaluated by targaryen (npm), the rules evaluator
 * firebase-server uses, over a database as publish leaves it: each signed-in user reads only {@code
 * /reports/<their uid>}; the meta, the lease and everyone else's reports are unreadable, and
 * nothing is writable by a client.
 */
class DatabaseRulesTest {
  private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
  private static final String SCRIPT =
      """
      const fs = require('fs');
      const targaryen = require('targaryen');
      const input = JSON.parse(fs.readFileSync(0, 'utf8'));
      const rules = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
      const db = targaryen.database(rules, input.data);
      const out = input.cases.map(c => {
        const as = db.as(c.auth);
        const r = c.op === 'read' ? as.read(c.path) : as.write(c.path, c.value);
        return r.allowed;
      });
      process.stdout.write(JSON.stringify(out));
      """;

  private record Case(String what, JsonObject auth, String op, String path, boolean allowed) {}

  private static JsonObject user(String uid) {
    JsonObject a = new JsonObject();
    a.addProperty("uid", uid);
    a.addProperty("provider", "password");
    return a;
  }

  private static JsonObject anonymous(String uid) {
    JsonObject a = user(uid);
    a.addProperty("provider", "anonymous");
    return a;
  }

  /** The reports instance's rules, and the fragment a shared database merges into its own. */
  @ParameterizedTest
  @ValueSource(strings = {"terraform/database.rules.json", "docs/database.rules.fragment.json"})
  void clientsReadOnlyTheirOwnReports_andWriteNothing(String rules) throws Exception {
    String data =
        """
        {"reports": {"alice": {"b1": {"report_date": "2026-11-26", "sleep_min": 600}},
                     "bob": {"b1": {"report_date": "2026-11-26", "sleep_min": 640}}},
         "reports_meta": {"run_id": "r", "report": "gs://cradle-artifacts/runs/2026-11-26/r/report/"},
         "reports_meta_lease": {"run_id": "r", "token": "t", "expires_at": 1}}
        """;
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("alice reads her reports", user("alice"), "read", "/reports/alice", true));
    cases.add(new Case("alice reads one baby", user("alice"), "read", "/reports/alice/b1", true));
    cases.add(new Case("alice reads bob's", user("alice"), "read", "/reports/bob", false));
    cases.add(new Case("alice lists every user", user("alice"), "read", "/reports", false));
    cases.add(new Case("alice reads the root", user("alice"), "read", "/", false));
    cases.add(new Case("alice reads the meta", user("alice"), "read", "/reports_meta", false));
    cases.add(
        new Case("alice reads the lease", user("alice"), "read", "/reports_meta_lease", false));
    cases.add(
        new Case(
            "an anonymous user reads the meta", anonymous("x"), "read", "/reports_meta", false));
    cases.add(
        new Case("an anonymous user reads its own", anonymous("x"), "read", "/reports/x", true));
    cases.add(new Case("no one signed in", null, "read", "/reports/alice", false));
    cases.add(new Case("no one signed in, meta", null, "read", "/reports_meta", false));
    cases.add(
        new Case("alice writes her reports", user("alice"), "write", "/reports/alice", false));
    cases.add(
        new Case("alice writes a baby", user("alice"), "write", "/reports/alice/b1/x", false));
    cases.add(new Case("alice writes the meta", user("alice"), "write", "/reports_meta", false));
    cases.add(
        new Case("alice takes the lease", user("alice"), "write", "/reports_meta_lease", false));
    cases.add(new Case("alice writes the root", user("alice"), "write", "/anything", false));

    JsonObject input = new JsonObject();
    input.add("data", JsonParser.parseString(data));
    JsonArray cs = new JsonArray();
    for (Case c : cases) {
      JsonObject o = new JsonObject();
      o.add("auth", c.auth());
      o.addProperty("op", c.op());
      o.addProperty("path", c.path());
      o.addProperty("value", 1);
      cs.add(o);
    }
    input.add("cases", cs);

    Process node =
        new ProcessBuilder("node", "-e", SCRIPT, REPO.resolve(rules).toString())
            .directory(REPO.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    node.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
    node.getOutputStream().close();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(
        node.waitFor(60, TimeUnit.SECONDS) && node.exitValue() == 0,
        "targaryen failed (run `npm ci` at the repository root): " + out);
    JsonArray allowed = JsonParser.parseString(out).getAsJsonArray();
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      if (allowed.get(i).getAsBoolean() != cases.get(i).allowed()) {
        wrong.add(cases.get(i).what() + ": " + (cases.get(i).allowed() ? "denied" : "allowed"));
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(Files.exists(REPO.resolve("node_modules/targaryen/package.json")));
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two hand-written runs whose every difference is known. */
class ReportDiffTest {
  private static Map<String, JsonObject> run(String... reports) {
    Map<String, JsonObject> run = new LinkedHashMap<>();
    for (String r : reports) {
      JsonObject o = JsonParser.parseString(r).getAsJsonObject();
      run.put(o.get("user_id").getAsString() + "/" + o.get("baby_id").getAsString(), o);
    }
    return run;
  }

  @Test
  void compare_countsBabiesFieldsAndClaims() {
    Map<String, JsonObject> before =
        run(
            "{'user_id':'u1','baby_id':'b1','run_id':'A','sleep_norm':{'status':'within'},"
                + "'days':[{'sleep_min':600},{'sleep_min':610}],'flags':['sleep_up']}",
            "{'user_id':'u2','baby_id':'b1','run_id':'A','sleep_norm':{'status':'below'},"
                + "'days':[{'sleep_min':500},{'sleep_min':510}]}",
            "{'user_id':'u3','baby_id':'b1','run_id':'A','sleep_norm':{'status':'within'}}");
    Map<String, JsonObject> after =
        run(
            "{'user_id':'u1','baby_id':'b1','run_id':'B','sleep_norm':{'status':'within'},"
                + "'days':[{'sleep_min':601},{'sleep_min':611}],'flags':['sleep_up']}",
            "{'user_id':'u2','baby_id':'b1','run_id':'B','sleep_norm':{'status':'within'},"
                + "'days':[{'sleep_min':500},{'sleep_min':511}],'flags':['feeds_down'],"
                + "'extra':1}",
            "{'user_id':'u4','baby_id':'b1','run_id':'B','sleep_norm':{'status':'within'}}");

    ReportDiff.Result r = ReportDiff.compare(before, after);

    assertEquals(3, r.before());
    assertEquals(3, r.after());
    assertEquals(List.of("u4/b1"), r.added());
    assertEquals(List.of("u3/b1"), r.removed());
    assertEquals(2, r.changed(), "the run id alone is no change");
    assertEquals(
        Map.of(
            "days[].sleep_min",
            new ReportDiff.Change(2, "u1/b1: days[0].sleep_min 600 -> 601"),
            "sleep_norm.status",
            new ReportDiff.Change(1, "u2/b1: sleep_norm.status \"below\" -> \"within\""),
            "flags[]",
            new ReportDiff.Change(1, "u2/b1: flags[0] (absent) -> \"feeds_down\""),
            "extra",
            new ReportDiff.Change(1, "u2/b1: extra (absent) -> 1")),
        r.fields());
    assertEquals(
        List.of("days[].sleep_min"),
        r.fields().keySet().stream().limit(1).toList(),
        "most babies first");
    assertEquals(
        Map.of(
            "flag feeds_down", new ReportDiff.ClaimChange(1, "u2/b1", 0, null),
            "sleep_norm.status below", new ReportDiff.ClaimChange(0, null, 1, "u2/b1"),
            "sleep_norm.status within", new ReportDiff.ClaimChange(1, "u2/b1", 0, null)),
        r.claims());
  }

  @Test
  void compare_sameReports_noChange() {
    Map<String, JsonObject> a = run("{'user_id':'u1','baby_id':'b1','run_id':'A','x':{'y':[1]}}");
    Map<String, JsonObject> b = run("{'user_id':'u1','baby_id':'b1','run_id':'B','x':{'y':[1]}}");

    ReportDiff.Result r = ReportDiff.compare(a, b);

    assertEquals(0, r.changed());
    assertEquals(Map.of(), r.fields());
    assertEquals(Map.of(), r.claims());
  }
}

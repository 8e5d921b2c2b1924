package cradle.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two runs' reports ({@code report.jsonl}, one report per baby): babies added
 * and removed, and for the babies in both, each field that changed (array positions folded, so
 * {@code days[].sleep_min} is one field) and each claim that appeared or vanished. A claim is what
 * a report asserts about the baby: a flag, or the sleep norm's status. The run id is left out: it
 * always differs.
 */
public final class ReportDiff {
  /** Babies a change touched and the first of them, as "user/baby: before -> after". */
  public record Change(int babies, String example) {}

  /** Babies a claim appeared in and vanished from, with the first of each. */
  public record ClaimChange(
      int appeared, String firstAppeared, int vanished, String firstVanished) {}

  public record Result(
      int before,
      int after,
      List<String> added,
      List<String> removed,
      int changed,
      Map<String, Change> fields,
      Map<String, ClaimChange> claims) {}

  private static final Set<String> IGNORED = Set.of("run_id");

  /** A claim's {@link ClaimChange} as the babies are compared one by one. */
  private static final class ClaimTally {
    private int appeared;
    private String firstAppeared;
    private int vanished;
    private String firstVanished;

    void appeared(String baby) {
      if (appeared++ == 0) {
        firstAppeared = baby;
      }
    }

    void vanished(String baby) {
      if (vanished++ == 0) {
        firstVanished = baby;
      }
    }

    ClaimChange change() {
      return new ClaimChange(appeared, firstAppeared, vanished, firstVanished);
    }
  }

  private ReportDiff() {}

  /** Reports by "user_id/baby_id", from a report.jsonl file. */
  public static Map<String, JsonObject> read(Path reportJsonl) throws IOException {
    Map<String, JsonObject> reports = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(reportJsonl, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonObject report;
        try {
          report = JsonParser.parseString(line).getAsJsonObject();
        } catch (RuntimeException e) {
          throw new IOException(reportJsonl + " line " + n + " is not a JSON object");
        }
        if (!report.has("user_id") || !report.has("baby_id")) {
          throw new IOException(reportJsonl + " line " + n + " has no user_id or baby_id");
        }
        reports.put(
            report.get("user_id").getAsString() + "/" + report.get("baby_id").getAsString(),
            report);
      }
    }
    return reports;
  }

  public static Result compare(Map<String, JsonObject> before, Map<String, JsonObject> after) {
    List<String> added = new ArrayList<>(new TreeSet<>(after.keySet()));
    added.removeAll(before.keySet());
    List<String> removed = new ArrayList<>(new TreeSet<>(before.keySet()));
    removed.removeAll(after.keySet());
    Map<String, int[]> fieldCounts = new TreeMap<>();
    Map<String, String> fieldExamples = new TreeMap<>();
    Map<String, ClaimTally> claimTallies = new TreeMap<>();
    int changed = 0;
    for (String baby : new TreeSet<>(before.keySet())) {
      JsonObject b = before.get(baby);
      JsonObject a = after.get(baby);
      if (a == null) {
        continue;
      }
      Map<String, JsonElement> was = leaves(b);
      Map<String, JsonElement> now = leaves(a);
      Set<String> fieldsHere = new TreeSet<>();
      Set<String> paths = new TreeSet<>(was.keySet());
      paths.addAll(now.keySet());
      for (String path : paths) {
        JsonElement x = was.get(path);
        JsonElement y = now.get(path);
        if (x == null ? y == null : x.equals(y)) {
          continue;
        }
        String field = path.replaceAll("\\[\\d+]", "[]");
        if (fieldsHere.add(field)) {
          fieldCounts.computeIfAbsent(field, k -> new int[1])[0]++;
          fieldExamples.putIfAbsent(field, baby + ": " + path + " " + text(x) + " -> " + text(y));
        }
      }
      if (!fieldsHere.isEmpty()) {
        changed++;
      }
      Set<String> claimsBefore = claims(b);
      Set<String> claimsAfter = claims(a);
      for (String claim : claimsAfter) {
        if (!claimsBefore.contains(claim)) {
          claimTallies.computeIfAbsent(claim, k -> new ClaimTally()).appeared(baby);
        }
      }
      for (String claim : claimsBefore) {
        if (!claimsAfter.contains(claim)) {
          claimTallies.computeIfAbsent(claim, k -> new ClaimTally()).vanished(baby);
        }
      }
    }
    Map<String, Change> fields = new LinkedHashMap<>();
    fieldCounts.entrySet().stream()
        .sorted((x, y) -> Integer.compare(y.getValue()[0], x.getValue()[0]))
        .forEach(
            e ->
                fields.put(e.getKey(), new Change(e.getValue()[0], fieldExamples.get(e.getKey()))));
    Map<String, ClaimChange> claims = new LinkedHashMap<>();
    claimTallies.forEach((claim, tally) -> claims.put(claim, tally.change()));
    return new Result(
        before.size(),
        after.size(),
        List.copyOf(added),
        List.copyOf(removed),
        changed,
        fields,
        claims);
  }

  /** What the report claims about the baby: "flag CODE" for each flag, "sleep_norm.status S". */
  static Set<String> claims(JsonObject report) {
    Set<String> claims = new TreeSet<>();
    if (report.has("flags") && report.get("flags").isJsonArray()) {
      for (JsonElement flag : report.getAsJsonArray("flags")) {
        claims.add("flag " + flag.getAsString());
      }
    }
    if (report.has("sleep_norm") && report.get("sleep_norm").isJsonObject()) {
      JsonElement status = report.getAsJsonObject("sleep_norm").get("status");
      if (status != null && status.isJsonPrimitive()) {
        claims.add("sleep_norm.status " + status.getAsString());
      }
    }
    return claims;
  }

  /** Every leaf value by its path ({@code days[13].sleep_min}); an empty object or array is one. */
  static Map<String, JsonElement> leaves(JsonObject report) {
    Map<String, JsonElement> leaves = new TreeMap<>();
    report.entrySet().stream()
        .filter(e -> !IGNORED.contains(e.getKey()))
        .forEach(e -> collect(e.getKey(), e.getValue(), leaves));
    return leaves;
  }

  private static void collect(String path, JsonElement value, Map<String, JsonElement> leaves) {
    if (value.isJsonObject() && !value.getAsJsonObject().isEmpty()) {
      value
          .getAsJsonObject()
          .entrySet()
          .forEach(e -> collect(path + "." + e.getKey(), e.getValue(), leaves));
    } else if (value.isJsonArray() && !value.getAsJsonArray().isEmpty()) {
      JsonArray array = value.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        collect(path + "[" + i + "]", array.get(i), leaves);
      }
    } else {
      leaves.put(path, value);
    }
  }

  private static String text(JsonElement value) {
    return value == null ? "(absent)" : value.toString();
  }
}

package cradle.shared;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing that happened to a run at one stage.
 *
 * @param event started, succeeded, retrying, failed, dropped or invalid
 * @param runId null for a message too broken to name its run
 * @param durationMs for succeeded, failed and dropped
 * @param reason why it failed, will retry, or was dropped
 * @param counts what the stage produced (rows, reports, ...)
 */
public record RunEvent(
    String event,
    String stage,
    String runId,
    String runDate,
    String messageId,
    Instant at,
    Long durationMs,
    String reason,
    Map<String, Object> counts) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  public RunEvent {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.put("stage", stage);
    m.put("run_id", runId);
    m.put("run_date", runDate);
    m.put("message_id", messageId);
    m.put("at", at.toString());
    if (durationMs != null) m.put("duration_ms", durationMs);
    if (reason != null) m.put("reason", reason);
    if (!counts.isEmpty()) m.put("counts", counts);
    return GSON.toJson(m);
  }

  public static RunEvent fromJson(String json) {
    JsonObject o = GSON.fromJson(json, JsonObject.class);
    Map<String, Object> counts = new LinkedHashMap<>();
    if (o.has("counts")) {
      o.getAsJsonObject("counts")
          .entrySet()
          .forEach(e -> counts.put(e.getKey(), e.getValue().getAsNumber()));
    }
    return new RunEvent(
        o.get("event").getAsString(),
        o.get("stage").getAsString(),
        text(o, "run_id"),
        text(o, "run_date"),
        text(o, "message_id"),
        Instant.parse(o.get("at").getAsString()),
        o.has("duration_ms") ? o.get("duration_ms").getAsLong() : null,
        text(o, "reason"),
        counts);
  }

  private static String text(JsonObject o, String field) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
  }

  /** The attributes the event carries on the events topic. */
  public Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("event", event);
    a.put("stage", stage);
    if (runId != null) a.put("run_id", runId);
    if (runDate != null) a.put("run_date", runDate);
    return a;
  }
}

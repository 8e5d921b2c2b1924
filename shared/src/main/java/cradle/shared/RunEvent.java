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
 * @param event what happened
 * @param runId null for a message too broken to name its run
 * @param durationMs for succeeded, failed and dropped
 * @param reason why it failed, will retry, or was dropped
 * @param counts what the stage produced (rows, reports, ...)
 * @param shard the database instance a publish event is about (null: the only one, or all)
 */
public record RunEvent(
    RunEvent.Kind event,
    String stage,
    String runId,
    String runDate,
    String messageId,
    Instant at,
    Long durationMs,
    String reason,
    Map<String, Object> counts,
    Integer shard) {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  /** What happened to a run at one stage; {@link #id()} is the value in events and logs. */
  public enum Kind {
    STARTED,
    SUCCEEDED,
    /**
     * Finished without effect because a later run already holds the result (publish: the database
     * shows a newer report date, or a later run of the same date). A success, not a failure.
     */
    SUPERSEDED,
    RETRYING,
    FAILED,
    DROPPED,
    INVALID;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind fromId(String id) {
      return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    /** Ended the run at this stage without a result: worth an operator's look. */
    public boolean failure() {
      return this == FAILED || this == DROPPED || this == INVALID;
    }
  }

  public RunEvent {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event.id());
    m.put("stage", stage);
    m.put("run_id", runId);
    m.put("run_date", runDate);
    m.put("message_id", messageId);
    m.put("at", at.toString());
    if (durationMs != null) m.put("duration_ms", durationMs);
    if (reason != null) m.put("reason", reason);
    if (!counts.isEmpty()) m.put("counts", counts);
    if (shard != null) m.put("shard", shard);
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
        Kind.fromId(o.get("event").getAsString()),
        o.get("stage").getAsString(),
        text(o, "run_id"),
        text(o, "run_date"),
        text(o, "message_id"),
        Instant.parse(o.get("at").getAsString()),
        o.has("duration_ms") ? o.get("duration_ms").getAsLong() : null,
        text(o, "reason"),
        counts,
        o.has("shard") ? o.get("shard").getAsInt() : null);
  }

  private static String text(JsonObject o, String field) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
  }

  /** The attributes the event carries on the events topic. */
  public Map<String, String> attributes() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("event", event.id());
    a.put("stage", stage);
    if (runId != null) a.put("run_id", runId);
    if (runDate != null) a.put("run_date", runDate);
    if (shard != null) a.put("shard", Integer.toString(shard));
    return a;
  }
}

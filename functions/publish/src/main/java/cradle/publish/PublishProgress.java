package cradle.publish;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.StageFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one publish got, kept in the run's artifacts ({@code runs/DATE/RUN_ID/publish/}) so a
 * publish can go on past one invocation: the continuation reads it and resumes exactly there.
 *
 * @param segment the invocation that runs now or runs next (0 for the first); a message asks for
 *     segment {@code attempt - 1}
 * @param phase what is left to do
 * @param at the next row to handle: rows up to and including {@code at.line()} of shard {@code
 *     at.shard()} are written (or, retiring, considered) and acknowledged
 * @param source retiring: the index of the earlier run among {@code sources}
 * @param valid the rows the first pass found valid (the meta's count)
 * @param rejected the rows it rejected
 * @param removed stale reports deleted so far
 * @param sources the runs whose reports may be in the database, this one included
 * @param basedOn the run id of the meta the decisions were made on (null when none)
 * @param token the lease token the continuation takes the lease over with
 * @param handedOff the continuation of {@code segment - 1} was accepted by Pub/Sub
 */
record PublishProgress(
    String runId,
    int segment,
    Phase phase,
    Position at,
    int source,
    long valid,
    long rejected,
    long removed,
    List<String> sources,
    String basedOn,
    String token,
    boolean handedOff,
    Instant startedAt,
    boolean forced) {

  /** The steps of a publish that can span invocations, in order. */
  enum Phase {
    WRITE,
    RETIRE,
    COMMIT,
    DONE
  }

  /** A row of the report (or of an earlier run's report, retiring): shard index and line. */
  record Position(int shard, long line) {
    static final Position START = new Position(0, 0);
  }

  PublishProgress {
    sources = List.copyOf(sources);
  }

  PublishProgress at(Phase phase, int source, Position at) {
    return new PublishProgress(
        runId, segment, phase, at, source, valid, rejected, removed, sources, basedOn, token,
        handedOff, startedAt, forced);
  }

  PublishProgress withRemoved(long removed) {
    return new PublishProgress(
        runId, segment, phase, at, source, valid, rejected, removed, sources, basedOn, token,
        handedOff, startedAt, forced);
  }

  /** The progress the next invocation starts from, not yet handed off. */
  PublishProgress next(String token) {
    return new PublishProgress(
        runId,
        segment + 1,
        phase,
        at,
        source,
        valid,
        rejected,
        removed,
        sources,
        basedOn,
        token,
        false,
        startedAt,
        forced);
  }

  PublishProgress markHandedOff() {
    return new PublishProgress(
        runId, segment, phase, at, source, valid, rejected, removed, sources, basedOn, token, true,
        startedAt, forced);
  }

  byte[] toBytes() {
    JsonObject o = new JsonObject();
    o.addProperty("run_id", runId);
    o.addProperty("segment", segment);
    o.addProperty("phase", phase.name());
    o.addProperty("shard", at.shard());
    o.addProperty("line", at.line());
    o.addProperty("source", source);
    o.addProperty("valid", valid);
    o.addProperty("rejected", rejected);
    o.addProperty("removed", removed);
    JsonArray s = new JsonArray();
    sources.forEach(s::add);
    o.add("sources", s);
    o.addProperty("based_on", basedOn);
    o.addProperty("token", token);
    o.addProperty("handed_off", handedOff);
    // the run's start travels with the publish: a continuation's message may not carry it
    o.addProperty("started_at", startedAt == null ? null : startedAt.toString());
    o.addProperty("force", forced);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a progress object, naming every field that is missing or of the wrong kind. */
  static PublishProgress parse(byte[] bytes, String where) {
    JsonObject o;
    try {
      o = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new StageFailedException(
          where + " is not a publish progress object: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    String runId = text(o, "run_id", problems);
    long segment = number(o, "segment", problems);
    String phase = text(o, "phase", problems);
    long shard = number(o, "shard", problems);
    long line = number(o, "line", problems);
    long source = number(o, "source", problems);
    long valid = number(o, "valid", problems);
    long rejected = number(o, "rejected", problems);
    long removed = number(o, "removed", problems);
    List<String> sources = new ArrayList<>();
    JsonElement s = o.get("sources");
    if (s == null || !s.isJsonArray()) {
      problems.add("sources");
    } else {
      s.getAsJsonArray().forEach(e -> sources.add(e.getAsString()));
    }
    JsonElement basedOn = o.get("based_on");
    String token = text(o, "token", problems);
    JsonElement handedOff = o.get("handed_off");
    if (handedOff == null || !handedOff.isJsonPrimitive()) {
      problems.add("handed_off");
    }
    Phase p = null;
    try {
      p = phase == null ? null : Phase.valueOf(phase);
    } catch (IllegalArgumentException e) {
      problems.add("phase '" + phase + "'");
    }
    if (!problems.isEmpty()) {
      throw new StageFailedException(
          where + " lacks or has a bad " + String.join(", ", problems) + "; replay with force");
    }
    return new PublishProgress(
        runId,
        (int) segment,
        p,
        new Position((int) shard, line),
        (int) source,
        valid,
        rejected,
        removed,
        sources,
        basedOn == null || basedOn.isJsonNull() ? null : basedOn.getAsString(),
        token,
        handedOff.getAsBoolean(),
        startedAt(o.get("started_at"), problems),
        o.has("force") && o.get("force").getAsBoolean());
  }

  private static Instant startedAt(JsonElement e, List<String> problems) {
    if (e == null || e.isJsonNull()) {
      return null; // progress written before it was kept, or a run of unknown start
    }
    try {
      return Instant.parse(e.getAsString());
    } catch (RuntimeException bad) {
      problems.add("started_at");
      return null;
    }
  }

  private static String text(JsonObject o, String field, List<String> problems) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive()) {
      problems.add(field);
      return null;
    }
    return e.getAsString();
  }

  private static long number(JsonObject o, String field, List<String> problems) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      problems.add(field);
      return 0;
    }
    return e.getAsLong();
  }
}

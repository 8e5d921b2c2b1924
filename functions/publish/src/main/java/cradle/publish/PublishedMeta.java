package cradle.publish;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.shared.StageFailedException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The meta node: which run's reports the database holds, and which runs' report rows may still be
 * there ({@code report_sources}: the last healthy run, any unhealthy runs since, and a run that was
 * writing when it stopped). Written last by a publish, except {@code report_sources}, which a
 * publish extends with its own rows before it writes them, so a crash midway leaves no report that
 * no meta accounts for.
 *
 * <p>{@code last_writer} names the run whose publish wrote to {@code /reports} last: every
 * invocation that writes sets it first, under the lease. A publish resumed in a later invocation
 * goes on from its recorded position only if it still names its own run; otherwise another run
 * wrote meanwhile, perhaps over nodes this publish had already written, and it starts over.
 *
 * @param runId null when no run has been published yet (only {@code report_sources} and {@code
 *     last_writer} may be set)
 * @param startedAt null when unknown (older metas, runs started by a hand-written message)
 * @param lastWriter null when unknown (metas written before it existed)
 */
record PublishedMeta(
    LocalDate runDate,
    String runId,
    Instant startedAt,
    long reports,
    long rejected,
    long removed,
    String report,
    List<String> reportSources,
    boolean forced,
    Instant generatedAt,
    String lastWriter) {

  static final String REPORT_SOURCES = "report_sources";
  static final String LAST_WRITER = "last_writer";

  /** The meta of a database nothing was ever published to. */
  static final PublishedMeta NONE =
      new PublishedMeta(null, null, null, 0, 0, 0, null, List.of(), false, null, null);

  PublishedMeta {
    reportSources = List.copyOf(reportSources);
  }

  boolean published() {
    return runId != null;
  }

  /** The same meta with {@code source} among the runs whose rows may be in the database. */
  List<String> sourcesWith(String source) {
    List<String> sources = new ArrayList<>(reportSources);
    if (!sources.contains(source)) {
      sources.add(source);
    }
    return sources;
  }

  /**
   * Reads the node; a node that is not a meta (a run id without a date or a count, a field of the
   * wrong type) fails the stage naming the field, since deciding on a guess could move the app
   * backwards.
   */
  static PublishedMeta parse(JsonElement node) {
    if (node == null || node.isJsonNull()) {
      return NONE;
    }
    if (!node.isJsonObject()) {
      throw bad("is not an object");
    }
    JsonObject o = node.getAsJsonObject();
    String runId = text(o, "run_id", false);
    String report = text(o, "report", false);
    List<String> sources = new ArrayList<>();
    JsonElement s = o.get(REPORT_SOURCES);
    if (s != null && !s.isJsonNull()) {
      if (!s.isJsonArray()) {
        throw bad(REPORT_SOURCES + " is not a list");
      }
      for (JsonElement e : s.getAsJsonArray()) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw bad(REPORT_SOURCES + " holds " + e + ", not a report prefix");
        }
        sources.add(e.getAsString());
      }
    } else if (report != null) {
      // metas written before report_sources existed: the last run's rows are the only source
      sources.add(report);
    }
    String lastWriter = text(o, LAST_WRITER, false);
    if (runId == null) {
      return new PublishedMeta(null, null, null, 0, 0, 0, null, sources, false, null, lastWriter);
    }
    return new PublishedMeta(
        date(o),
        runId,
        instant(o, "started_at"),
        number(o, "reports", true),
        number(o, "rejected", false),
        number(o, "removed", false),
        report,
        sources,
        o.has("forced") && o.get("forced").isJsonPrimitive() && o.get("forced").getAsBoolean(),
        instant(o, "generated_at"),
        lastWriter);
  }

  JsonObject toJson() {
    JsonObject meta = new JsonObject();
    meta.addProperty("run_date", runDate.toString());
    meta.addProperty("run_id", runId);
    if (startedAt != null) {
      meta.addProperty("started_at", startedAt.toString());
    }
    meta.addProperty("reports", reports);
    meta.addProperty("rejected", rejected);
    meta.addProperty("removed", removed);
    meta.addProperty("report", report);
    meta.add(REPORT_SOURCES, sourcesJson(reportSources));
    meta.addProperty("forced", forced);
    meta.addProperty("generated_at", generatedAt.toString());
    if (lastWriter != null) {
      meta.addProperty(LAST_WRITER, lastWriter);
    }
    return meta;
  }

  static JsonArray sourcesJson(List<String> sources) {
    JsonArray a = new JsonArray();
    sources.forEach(a::add);
    return a;
  }

  private static LocalDate date(JsonObject o) {
    String text = text(o, "run_date", true);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw bad("run_date '" + text + "' is not a date");
    }
  }

  private static Instant instant(JsonObject o, String field) {
    String text = text(o, field, false);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw bad(field + " '" + text + "' is not a timestamp");
    }
  }

  private static long number(JsonObject o, String field, boolean required) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw bad(field + " is missing");
      }
      return 0;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw bad(field + " is not a number");
    }
    return e.getAsLong();
  }

  private static String text(JsonObject o, String field, boolean required) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw bad(field + " is missing");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw bad(field + " is not a string");
    }
    return e.getAsString();
  }

  private static StageFailedException bad(String problem) {
    return new StageFailedException(
        "the database's meta node " + problem + "; fix or remove it before publishing");
  }
}

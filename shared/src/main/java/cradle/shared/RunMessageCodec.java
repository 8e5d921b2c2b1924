package cradle.shared;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@link RunMessage} as Pub/Sub data (JSON, snake_case) plus attributes.
 *
 * <p>The scheduler's message may be empty or omit anything: the date defaults to yesterday in the
 * report time zone, the run id is derived from the Pub/Sub message id. So a duplicate delivery
 * (same message id) is the same run, and a deliberate re-publish (new message id) is a new run.
 */
public final class RunMessageCodec {
  public static final String ATTR_STAGE = "stage";
  public static final String ATTR_RUN_ID = "run_id";
  public static final String ATTR_RUN_DATE = "run_date";
  public static final String ATTR_VERSION = "version";

  private static final Gson GSON = new Gson();

  /** How far a message's {@code started_at} may be ahead of this clock. */
  public static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(5);

  private final Clock clock;
  private final ZoneId zone;
  private final int maxAgeDays;
  private final String artifactsUri;

  /**
   * @param maxAgeDays how far back a run date may lie; older dates are refused as mistakes
   * @param artifactsUri {@code CRADLE_ARTIFACTS_URI}: every artifact a message names must lie under
   *     its run's folder there ({@link ArtifactConfinement})
   */
  public RunMessageCodec(Clock clock, ZoneId zone, int maxAgeDays, String artifactsUri) {
    this.clock = clock;
    this.zone = zone;
    this.maxAgeDays = maxAgeDays;
    this.artifactsUri = java.util.Objects.requireNonNull(artifactsUri, "artifactsUri");
  }

  /** Today's date where the reports are read, for "yesterday" and "in the future". */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /** The oldest run date a stage accepts: older dates are refused as mistakes. */
  public LocalDate oldestRunDate() {
    return today().minusDays(maxAgeDays);
  }

  /** Decodes the message addressed to {@code expected}, naming every bad field at once. */
  public RunMessage decode(PubSubMessage message, Stage expected) {
    JsonObject body = parseBody(message.dataAsText());
    List<String> problems = new ArrayList<>();

    int version = intField(body, "version", RunMessage.CURRENT_VERSION, problems);
    if (version != RunMessage.CURRENT_VERSION && problems.isEmpty()) {
      problems.add(
          "version: "
              + version
              + " is not supported (this build reads version "
              + RunMessage.CURRENT_VERSION
              + ")");
    }

    Stage stage = expected;
    String stageText = stringField(body, "stage", problems);
    if (stageText != null) {
      stage = Stage.fromId(stageText).orElse(null);
      if (stage == null) {
        problems.add("stage: '" + stageText + "' is not one of " + Stage.allIds());
      } else if (stage != expected) {
        problems.add(
            "stage: the message asks for '"
                + stageText
                + "' but was delivered to the "
                + expected.id()
                + " function");
      }
    }

    LocalDate runDate = today().minusDays(1);
    String dateText = stringField(body, "run_date", problems);
    if (dateText != null) {
      try {
        runDate = LocalDate.parse(dateText);
        if (!runDate.isBefore(today())) {
          // the report day is not over: its reports would replace complete ones with partial ones
          problems.add(
              "run_date: "
                  + dateText
                  + " is not a finished report day (today is "
                  + today()
                  + " in "
                  + zone.getId()
                  + "; the latest is "
                  + today().minusDays(1)
                  + ")");
        } else if (runDate.isBefore(oldestRunDate())) {
          problems.add(
              "run_date: " + dateText + " is more than " + maxAgeDays + " days in the past");
        }
      } catch (DateTimeParseException e) {
        problems.add("run_date: '" + dateText + "' is not a date (YYYY-MM-DD)");
      }
    }

    String runId = stringField(body, "run_id", problems);
    Instant startedAt = null;
    String startedText = stringField(body, "started_at", problems);
    if (startedText != null) {
      try {
        startedAt = Instant.parse(startedText);
        if (startedAt.isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
          // a start in the future would rank its run above every correction of its date
          problems.add(
              "started_at: "
                  + startedText
                  + " is later than now ("
                  + clock.instant()
                  + ") plus "
                  + MAX_CLOCK_SKEW.toMinutes()
                  + " minutes of clock skew");
        }
      } catch (DateTimeParseException e) {
        problems.add("started_at: '" + startedText + "' is not a UTC timestamp");
      }
    }
    if (runId == null) {
      runId = deriveRunId(runDate, message.messageId());
      // a new run starts now; its message's publish time is the same on every redelivery
      if (startedAt == null) {
        startedAt = message.publishTime();
      }
    } else if (!RunMessage.RUN_ID.matcher(runId).matches()) {
      problems.add(
          "run_id: '" + runId + "' must be 1-63 lower-case letters, digits or '-', starting alnum");
    }

    int attempt = intField(body, "attempt", 1, problems);
    if (attempt < 1) {
      problems.add("attempt: " + attempt + " must be at least 1");
    }

    Map<String, String> artifacts = new TreeMap<>();
    JsonElement artifactsJson = body.get("artifacts");
    if (artifactsJson != null && !artifactsJson.isJsonNull()) {
      if (!artifactsJson.isJsonObject()) {
        problems.add("artifacts: must be an object of name -> URI");
      } else {
        for (var e : artifactsJson.getAsJsonObject().entrySet()) {
          if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString()) {
            artifacts.put(e.getKey(), e.getValue().getAsString());
          } else {
            problems.add("artifacts." + e.getKey() + ": must be a URI string");
          }
        }
      }
    }

    String request = stringField(body, "request", problems);
    if (request != null && !RunMessage.REQUEST.matcher(request).matches()) {
      problems.add(
          "request: '"
              + request
              + "' must be an attempt's name, 'a' and 8 hex digits (leave it out to make a new"
              + " request)");
    }

    if (runId != null && RunMessage.RUN_ID.matcher(runId).matches()) {
      problems.addAll(ArtifactConfinement.problems(artifactsUri, runDate, runId, artifacts));
    }

    boolean force = false;
    JsonElement forceJson = body.get("force");
    if (forceJson != null && !forceJson.isJsonNull()) {
      if (forceJson.isJsonPrimitive() && forceJson.getAsJsonPrimitive().isBoolean()) {
        force = forceJson.getAsBoolean();
      } else {
        problems.add("force: must be true or false");
      }
    }

    for (String key : body.keySet()) {
      if (!KNOWN_FIELDS.contains(key)) {
        problems.add(key + ": unknown field (known: " + String.join(", ", KNOWN_FIELDS) + ")");
      }
    }

    if (!problems.isEmpty()) {
      throw new InvalidMessageException(problems);
    }
    return new RunMessage(
        version, runId, runDate, stage, attempt, artifacts, force, startedAt, request);
  }

  private static final List<String> KNOWN_FIELDS =
      List.of(
          "version",
          "run_id",
          "run_date",
          "stage",
          "attempt",
          "artifacts",
          "force",
          "started_at",
          "request");

  /** The Pub/Sub data and attributes that carry {@code message}. */
  public static PubSubMessage encode(RunMessage message, String messageId) {
    JsonObject body = new JsonObject();
    body.addProperty("version", message.version());
    body.addProperty("run_id", message.runId());
    body.addProperty("run_date", message.runDate().toString());
    body.addProperty("stage", message.stage().id());
    body.addProperty("attempt", message.attempt());
    body.add("artifacts", GSON.toJsonTree(new TreeMap<>(message.artifacts())));
    if (message.force()) {
      body.addProperty("force", true);
    }
    if (message.startedAt() != null) {
      body.addProperty("started_at", message.startedAt().toString());
    }
    if (message.request() != null) {
      body.addProperty("request", message.request());
    }
    return new PubSubMessage(
        messageId, null, attributes(message), body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static Map<String, String> attributes(RunMessage message) {
    return Map.of(
        ATTR_STAGE, message.stage().id(),
        ATTR_RUN_ID, message.runId(),
        ATTR_RUN_DATE, message.runDate().toString(),
        ATTR_VERSION, Integer.toString(message.version()));
  }

  /**
   * {@code <run date>-<8 hex of sha256(message id)>}: stable across redeliveries of one publish.
   */
  public static String deriveRunId(LocalDate runDate, String messageId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(messageId).getBytes(StandardCharsets.UTF_8));
      return runDate + "-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject parseBody(String text) {
    if (text.isBlank()) {
      return new JsonObject();
    }
    try {
      JsonElement root = JsonParser.parseString(text);
      if (!root.isJsonObject()) {
        throw new InvalidMessageException("data: must be a JSON object, got " + kind(root));
      }
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new InvalidMessageException("data: not JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String stringField(JsonObject body, String field, List<String> problems) {
    JsonElement e = body.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      problems.add(field + ": must be a string, got " + kind(e));
      return null;
    }
    return e.getAsString();
  }

  private static int intField(JsonObject body, String field, int absent, List<String> problems) {
    JsonElement e = body.get(field);
    if (e == null || e.isJsonNull()) {
      return absent;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double d = e.getAsDouble();
      if (d == Math.rint(d) && Math.abs(d) < 1e9) {
        return (int) d;
      }
    }
    problems.add(field + ": must be a whole number, got " + e);
    return absent;
  }

  private static String kind(JsonElement e) {
    if (e.isJsonObject()) return "an object";
    if (e.isJsonArray()) return "an array";
    if (e.isJsonNull()) return "null";
    var p = e.getAsJsonPrimitive();
    return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

package cradle.local.guarantees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import cradle.analyze.AnalyzeFunction;
import cradle.await.AwaitFunction;
import cradle.local.FileRunEvents;
import cradle.local.Workspace;
import cradle.notebook.NotebookFunction;
import cradle.publish.PublishFunction;
import cradle.shared.RunEvent;
import cradle.shared.StageFunction;
import cradle.shared.testing.LogCapture;
import cradle.shared.testing.PubSubEvents;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated payloads through the four entry points (local profile): none escapes as an
 * exception, and every one that is not a valid message is acknowledged with one ERROR line naming
 * the message id, and an "invalid" event.
 */
class EntryPointFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T23:00:00Z");
  private static final int CASES = 4000;
  private static final String[] FIELDS = {
    "version", "run_id", "run_date", "stage", "attempt", "artifacts", "force", "colour"
  };

  @TempDir Path dir;
  private final Random random = new Random(20261126);

  @Test
  void generatedPayloads_neverEscape_andBadOnesAreAcknowledgedWithOneError() throws Exception {
    Workspace ws = new Workspace(dir.resolve("data"), dir.resolve("out"));
    Map<String, String> env = ws.environment(Map.of());
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    List<CloudEventsFunction> functions =
        List.of(
            AnalyzeFunction.ENTRY.instance(env, clock),
            NotebookFunction.ENTRY.instance(env, clock),
            AwaitFunction.ENTRY.instance(env, clock),
            new PublishFunction(env, clock));
    List<String> escaped = new ArrayList<>();
    Map<String, Integer> errorsById = new HashMap<>();
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < CASES; i++) {
        String id = "fuzz-" + i;
        CloudEvent event = event(i, id);
        int before = logs.errors().size();
        try {
          functions.get(i % 4).accept(event);
        } catch (Throwable t) {
          escaped.add(id + ": " + t);
        }
        for (LogRecord r : logs.errors().subList(before, logs.errors().size())) {
          Map<String, Object> fields = logs.fields(r);
          assertTrue(fields.containsKey(StageFunction.OUTCOME), id + ": " + r.getMessage());
          assertTrue(
              id.equals(fields.get("message_id")) || id.equals(fields.get("event_id")),
              id + " is not named by " + fields);
          errorsById.merge(id, 1, Integer::sum);
        }
      }
    }
    assertEquals(List.of(), escaped.subList(0, Math.min(10, escaped.size())));
    Map<String, List<RunEvent>> endings =
        new FileRunEvents(ws.out().resolve("events.jsonl"))
            .read().stream()
                .filter(e -> e.event() != RunEvent.Kind.STARTED)
                .collect(Collectors.groupingBy(e -> String.valueOf(e.messageId())));
    int invalid = 0;
    for (int i = 0; i < CASES; i++) {
      String id = "fuzz-" + i;
      List<RunEvent> ending = endings.getOrDefault(id, List.of());
      assertEquals(1, ending.size(), id + " ends with one event: " + ending);
      RunEvent.Kind kind = ending.get(0).event();
      assertEquals(
          kind.failure() ? 1 : 0,
          errorsById.getOrDefault(id, 0),
          id + " ended " + kind + ": one ERROR line for a failure, none otherwise");
      invalid += kind == RunEvent.Kind.INVALID ? 1 : 0;
    }
    assertEquals(CASES, endings.values().stream().mapToInt(List::size).sum(), "no stray events");
    assertTrue(invalid > CASES / 2, "most generated payloads are invalid: " + invalid);
  }

  private CloudEvent event(int i, String id) {
    return switch (i % 7) {
      case 0 -> PubSubEvents.envelope(randomText(random.nextInt(200)), id, NOW);
      case 1 -> PubSubEvents.envelope(brokenEnvelope(id), id, NOW);
      case 2 ->
          PubSubEvents.envelope(
              "{\"message\":{\"data\":\""
                  + Base64.getEncoder().encodeToString(randomBytes())
                  + "\",\"messageId\":\""
                  + id
                  + "\"}}",
              id,
              NOW);
      case 6 -> PubSubEvents.withData(deep(random.nextInt(5000)), Map.of(), id, NOW);
      default -> PubSubEvents.withData(randomMessage().toString(), Map.of(), id, NOW);
    };
  }

  private String brokenEnvelope(String id) {
    String[] shapes = {
      "{\"message\":{\"data\":\"%%%\",\"messageId\":\"" + id + "\"}}",
      "{\"message\":{\"data\":12,\"messageId\":\"" + id + "\"}}",
      "{\"message\":[],\"messageId\":\"" + id + "\"}",
      "{\"message\":{\"attributes\":{\"a\":[1]},\"messageId\":\"" + id + "\"}}",
      "{\"message\":{\"publishTime\":\"yesterday\",\"messageId\":\"" + id + "\"}}",
      "[]",
      "null",
      "\"x\"",
      "{}",
      "{\"message\":{\"data\":\"" + "A".repeat(400_000) + "\"}}"
    };
    return shapes[random.nextInt(shapes.length)];
  }

  private JsonObject randomMessage() {
    JsonObject o = new JsonObject();
    int n = random.nextInt(6);
    for (int k = 0; k < n; k++) {
      String field = FIELDS[random.nextInt(FIELDS.length)];
      o.add(
          field,
          switch (field) {
            case "run_date" ->
                new JsonPrimitive(
                    random.nextBoolean()
                        ? "2026-" + (random.nextInt(14)) + "-" + random.nextInt(33)
                        : NOW.toString().substring(0, 10));
            case "stage" ->
                new JsonPrimitive(
                    new String[] {"analyze", "notebook", "await", "publish", "bake", ""}
                        [random.nextInt(6)]);
            case "artifacts" ->
                random.nextBoolean() ? artifacts() : new JsonPrimitive(randomText(5));
            default -> randomValue(2);
          });
    }
    return o;
  }

  private JsonObject artifacts() {
    JsonObject a = new JsonObject();
    String[] values = {
      "file:///nowhere/x/", "gs://b/x", "not a uri", "file:///" + randomText(8), ""
    };
    for (String name : new String[] {"analysis", "execution", "report", "notebook"}) {
      if (random.nextBoolean()) {
        a.addProperty(name, values[random.nextInt(values.length)]);
      }
    }
    return a;
  }

  private com.google.gson.JsonElement randomValue(int depth) {
    return switch (random.nextInt(depth > 0 ? 7 : 5)) {
      case 0 -> new JsonPrimitive(randomText(random.nextInt(20)));
      case 1 -> new JsonPrimitive(random.nextInt(2000) - 1000);
      case 2 -> new JsonPrimitive(random.nextDouble() * 1e12);
      case 3 -> new JsonPrimitive(random.nextBoolean());
      case 4 -> com.google.gson.JsonNull.INSTANCE;
      case 5 -> {
        JsonArray a = new JsonArray();
        a.add(randomValue(depth - 1));
        yield a;
      }
      default -> {
        JsonObject o = new JsonObject();
        o.add(randomText(3), randomValue(depth - 1));
        yield o;
      }
    };
  }

  private String deep(int depth) {
    return "{\"run_date\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  private String randomText(int length) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < length; k++) {
      sb.appendCodePoint(
          random.nextInt(10) == 0 ? 0x3040 + random.nextInt(90) : 0x20 + random.nextInt(95));
    }
    return sb.toString();
  }

  private byte[] randomBytes() {
    byte[] b = new byte[random.nextInt(300)];
    random.nextBytes(b);
    return b;
  }
}

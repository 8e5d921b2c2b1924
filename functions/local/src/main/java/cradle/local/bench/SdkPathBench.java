package cradle.local.bench;

import com.google.firebase.database.core.CompoundWrite;
import com.google.firebase.database.core.Path;
import com.google.firebase.database.snapshot.Node;
import com.google.firebase.database.util.JsonMapper;
import com.google.firebase.database.utilities.Validation;
import com.google.firebase.database.utilities.encoding.CustomClassMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import cradle.publish.ChunkValues;
import cradle.shared.reshape.JsonlRows;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.Rejections;
import cradle.shared.reshape.RowReshaper;
import cradle.shared.reshape.UpdateChunk;
import cradle.shared.reshape.UpdateChunker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Child process of {@code ./cradle bench --parts sdkpath}: the CPU the Admin SDK write path costs
 * on one thread, from reshaped chunk bytes to the text the SDK puts on its websocket. The SDK's own
 * steps are the ones {@code DatabaseReference.updateChildrenAsync} and the connection take, called
 * directly: plain-type conversion, validation into its node tree, the merge it applies locally, and
 * the serialization of the request. Not measured: the socket itself and TLS.
 */
public final class SdkPathBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final double DATABASE_MB_PER_SECOND = 64.0 / 60;

  private SdkPathBench() {}

  /** One way from a chunk to what the SDK writes. */
  @FunctionalInterface
  private interface Step {
    Object run(UpdateChunk chunk) throws Exception;
  }

  /** args: reports */
  public static void main(String[] args) throws Exception {
    int reports = Integer.parseInt(args[0]);
    List<UpdateChunk> chunks = chunks(reports);
    long bytes = chunks.stream().mapToLong(c -> c.json().length).sum();
    double mb = bytes / 1e6;
    System.out.printf(
        "sdk write path: %,d reports of about %.1f KB in %d writes of 512 KiB (%.1f MB), one thread,"
            + " CPU time, best of 3%n",
        reports, mb * 1e3 / reports, chunks.size(), mb);
    Map<UpdateChunk, Map<String, Object>> values = new IdentityHashMap<>();
    for (UpdateChunk c : chunks) {
      values.put(c, CustomClassMapper.convertToPlainJavaTypes(ChunkValues.parse(c.json())));
    }
    double beforeMs = best(chunks, c -> toJava(c.asMap()));
    double nowMs = best(chunks, c -> ChunkValues.parse(c.json()));
    double convertMs = best(chunks, c -> CustomClassMapper.convertToPlainJavaTypes(values.get(c)));
    double nodesMs =
        best(
            chunks,
            c ->
                CompoundWrite.fromPathMerge(
                    Validation.parseAndValidateUpdate(new Path(""), values.get(c))));
    double frameMs = best(chunks, c -> frame(values.get(c)));
    double wholeMs = best(chunks, c -> sdkSteps(ChunkValues.parse(c.json())));
    row("chunk -> SDK values, before (Gson trees, then maps)", beforeMs, mb);
    row("chunk -> SDK values, now (one Jackson pass)", nowMs, mb);
    row("SDK: to plain Java types", convertMs, mb);
    row("SDK: validate into its node tree, merge", nodesMs, mb);
    row("SDK: the request's JSON text", frameMs, mb);
    row("whole path now (ours + the SDK's)", wholeMs, mb);
    double mbPerSecond = mb / (wholeMs / 1e3);
    System.out.printf(
        "  the whole path on one core: %.1f MB/s = %.0fx the database's sustained 64 MB/min"
            + " (needed: at least 10x); our part %.1fx faster than before%n",
        mbPerSecond, mbPerSecond / DATABASE_MB_PER_SECOND, beforeMs / nowMs);
    System.exit(0);
  }

  private static List<UpdateChunk> chunks(int reports) throws Exception {
    List<UpdateChunk> chunks = new ArrayList<>();
    UpdateChunker chunker = new UpdateChunker("reports", 512 << 10, chunks::add);
    JsonlRows.stream(
        new BenchReports(1).rows(0, reports),
        "bench",
        new RowReshaper(KeyPath.parse("user_id/baby_id"), 1),
        new Rejections(),
        (row, line) -> chunker.add(row));
    chunker.finish();
    return chunks;
  }

  private static double best(List<UpdateChunk> chunks, Step step) throws Exception {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 4; round++) { // the first warms up
      long started = CPU.getCurrentThreadCpuTime();
      int sink = 0;
      for (UpdateChunk c : chunks) {
        sink += System.identityHashCode(step.run(c)) & 1;
      }
      double ms = (CPU.getCurrentThreadCpuTime() - started) / 1e6 + sink * 0;
      if (round > 0) {
        best = Math.min(best, ms);
      }
    }
    return best;
  }

  /** What updateChildrenAsync and the connection do with the values, up to the frame's text. */
  private static Object sdkSteps(Map<String, Object> values) throws Exception {
    Map<String, Object> bounced = CustomClassMapper.convertToPlainJavaTypes(values);
    Map<Path, Node> parsed = Validation.parseAndValidateUpdate(new Path(""), bounced);
    CompoundWrite merge = CompoundWrite.fromPathMerge(parsed);
    return frame(bounced) + merge.hashCode();
  }

  /** The text the connection sends for a merge at the root (split into 16 KB frames). */
  private static int frame(Map<String, Object> bounced) throws Exception {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("p", "/");
    request.put("d", bounced);
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("r", 1L);
    frame.put("a", "m");
    frame.put("b", request);
    return JsonMapper.serializeJson(Map.of("t", "d", "d", frame)).length();
  }

  private static void row(String name, double ms, double mb) {
    System.out.printf(
        "  %-56s %7.1f ms CPU = %5.2f ms/MB = %6.1f MB/s%n", name, ms, ms / mb, mb / (ms / 1e3));
  }

  /** The path publish took before: Gson's tree of the chunk, then the SDK's plain values. */
  private static Map<String, Object> toJava(Map<String, JsonElement> updates) {
    Map<String, Object> values = new LinkedHashMap<>();
    updates.forEach((path, value) -> values.put(path, toJava(value)));
    return values;
  }

  private static Object toJava(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : ((JsonObject) e).entrySet()) {
        m.put(entry.getKey(), toJava(entry.getValue()));
      }
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(toJava(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      String text = p.getAsString();
      if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException ignored) {
          // too large for a long: keep as double
        }
      }
      return p.getAsDouble();
    }
    return p.getAsString();
  }
}

package cradle.local.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.common.hash.Hashing;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import cradle.local.sim.DatabaseLimitException.Limit;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.DatabaseKeys;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A Realtime Database that enforces the documented write limits on a clock the caller controls, so
 * a night of any size plays in seconds: a write larger than one SDK write may be, estimated slower
 * than the write-size limit, past the writes a second or past the bytes a minute fails with a
 * {@link DatabaseLimitException} and changes nothing. (The real database slows everyone down rather
 * than refusing rate overruns; here an overrun is loud.)
 *
 * <p>It keeps, per node written, a 64-bit hash of the value's JSON as sent, and the value itself
 * when it is small (the meta, a lease), so a million reports fit in memory and can still each be
 * checked. Writes are acknowledged at once.
 */
public final class LimitedDatabase implements ReportSink {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(16 << 20).build())
          .build();
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** One node as stored: the hash and size of its JSON, and the value when small. */
  public record Node(long hash, int bytes, JsonElement value) {}

  private record Write(Instant at, long bytes) {}

  private record Update(String path, int from, int to, boolean delete) {}

  private final DatabaseLimits limits;
  private final Clock clock;
  private final int keepValueBytes;
  private final TreeMap<String, Node> nodes = new TreeMap<>();
  private final Deque<Write> lastMinute = new ArrayDeque<>();
  private final Deque<Instant> lastSecond = new ArrayDeque<>();
  private long bytesInMinute;
  private long peakBytesPerMinute;
  private long peakWritesPerMinute;
  private long peakWritesPerSecond;
  private long writes;
  private long bytes;
  private long refused;

  /**
   * @param keepValueBytes values up to this size are kept whole and can be read back
   */
  public LimitedDatabase(DatabaseLimits limits, Clock clock, int keepValueBytes) {
    this.limits = limits;
    this.clock = clock;
    this.keepValueBytes = keepValueBytes;
  }

  /** The hash a node's JSON is kept as. */
  public static long hash(byte[] json, int from, int to) {
    return Hashing.murmur3_128().hashBytes(json, from, to - from).asLong();
  }

  @Override
  public synchronized CompletableFuture<Void> submit(UpdateChunk chunk) {
    try {
      Instant now = clock.instant();
      check(now, chunk.json().length);
      List<Update> updates = parse(chunk.json());
      count(now, chunk.json().length);
      for (Update u : updates) {
        apply(chunk.json(), u);
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      refused++;
      return CompletableFuture.failedFuture(e);
    }
  }

  private void check(Instant now, long size) throws DatabaseLimitException {
    if (size > limits.maxWriteBytes()) {
      throw new DatabaseLimitException(
          Limit.WRITE_SIZE,
          "write of "
              + size
              + " bytes is over the "
              + limits.maxWriteBytes()
              + " an SDK write may carry");
    }
    Duration target = limits.writeSizeLimit().target();
    if (target != null && limits.estimate(size).compareTo(target) > 0) {
      throw new DatabaseLimitException(
          Limit.WRITE_SIZE_LIMIT_ESTIMATE,
          "write of "
              + size
              + " bytes aborted: estimated at "
              + limits.estimate(size).toMillis()
              + " ms, over the "
              + limits.writeSizeLimit().name().toLowerCase()
              + " write-size limit of "
              + target.toSeconds()
              + " s");
    }
    expire(now);
    if (lastSecond.size() + 1 > limits.writesPerSecond()) {
      throw new DatabaseLimitException(
          Limit.WRITES_PER_SECOND,
          "more than " + limits.writesPerSecond() + " writes within a second");
    }
    if (bytesInMinute + size > limits.bytesPerMinute()) {
      throw new DatabaseLimitException(
          Limit.BYTES_PER_MINUTE,
          "more than " + limits.bytesPerMinute() + " bytes written within a minute");
    }
  }

  /** Forgets writes that no longer fall in the trailing second and minute. */
  private void expire(Instant now) {
    while (!lastSecond.isEmpty() && !lastSecond.peekFirst().isAfter(now.minus(SECOND))) {
      lastSecond.removeFirst();
    }
    while (!lastMinute.isEmpty() && !lastMinute.peekFirst().at().isAfter(now.minus(MINUTE))) {
      bytesInMinute -= lastMinute.removeFirst().bytes();
    }
  }

  private void count(Instant now, long size) {
    lastSecond.addLast(now);
    lastMinute.addLast(new Write(now, size));
    bytesInMinute += size;
    writes++;
    bytes += size;
    peakBytesPerMinute = Math.max(peakBytesPerMinute, bytesInMinute);
    peakWritesPerMinute = Math.max(peakWritesPerMinute, lastMinute.size());
    peakWritesPerSecond = Math.max(peakWritesPerSecond, lastSecond.size());
  }

  /** The chunk's paths and where each value's JSON lies in it; nothing applied yet. */
  private static List<Update> parse(byte[] json) throws IOException {
    List<Update> updates = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a multi-path update must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String path = p.currentName();
        for (String key : path.split("/", -1)) {
          String problem = DatabaseKeys.problem(key);
          if (problem != null) {
            throw new IOException("invalid path '" + path + "': " + problem);
          }
        }
        JsonToken t = p.nextToken();
        int from = (int) p.currentTokenLocation().getByteOffset();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else {
          p.getText(); // finishes the token, so the location lies after it
        }
        int to = (int) p.currentLocation().getByteOffset();
        updates.add(
            new Update(
                path, from, to, t == JsonToken.VALUE_NULL || emptyContainer(json, from, to)));
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("a multi-path update must be one JSON object");
      }
    }
    return updates;
  }

  private static boolean emptyContainer(byte[] json, int from, int to) {
    int inside = 0;
    for (int i = from + 1; i < to - 1; i++) {
      if (!Character.isWhitespace(json[i])) {
        inside++;
      }
    }
    return (json[from] == '{' || json[from] == '[') && inside == 0;
  }

  private void apply(byte[] json, Update u) {
    String prefix = u.path() + "/";
    nodes.subMap(prefix, true, u.path() + "0", false).clear();
    for (String ancestor = parent(u.path()); ancestor != null; ancestor = parent(ancestor)) {
      if (nodes.containsKey(ancestor)) {
        throw new IllegalStateException(
            "this target keeps nodes at fixed depths: " + u.path() + " lies inside " + ancestor);
      }
    }
    if (u.delete()) {
      nodes.remove(u.path());
      return;
    }
    int size = u.to() - u.from();
    JsonElement value =
        size <= keepValueBytes
            ? com.google.gson.JsonParser.parseString(
                new String(json, u.from(), size, StandardCharsets.UTF_8))
            : null;
    nodes.put(u.path(), new Node(hash(json, u.from(), u.to()), size, value));
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : path.substring(0, slash);
  }

  @Override
  public synchronized JsonElement read(String path) {
    Node node = nodes.get(path);
    if (node != null) {
      return kept(path, node).deepCopy();
    }
    NavigableMap<String, Node> below = nodes.subMap(path + "/", true, path + "0", false);
    if (below.isEmpty()) {
      return null;
    }
    JsonObject tree = new JsonObject();
    for (Map.Entry<String, Node> e : below.entrySet()) {
      String[] keys = e.getKey().substring(path.length() + 1).split("/");
      JsonObject at = tree;
      for (int i = 0; i < keys.length - 1; i++) {
        if (!at.has(keys[i])) {
          at.add(keys[i], new JsonObject());
        }
        at = at.getAsJsonObject(keys[i]);
      }
      at.add(keys[keys.length - 1], kept(e.getKey(), e.getValue()).deepCopy());
    }
    return tree;
  }

  /**
   * A compare-and-set on one small node, counted as a write of its new value's bytes against the
   * limits.
   */
  @Override
  public synchronized Transacted transact(
      String path, Function<JsonElement, Optional<JsonElement>> change) throws IOException {
    JsonElement current = read(path);
    Optional<JsonElement> next = change.apply(current == null ? null : current.deepCopy());
    if (next.isEmpty()) {
      return new Transacted(false, current);
    }
    JsonObject update = new JsonObject();
    update.add(path, next.get());
    try {
      submit(new UpdateChunk(update.toString().getBytes(StandardCharsets.UTF_8), 1)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted in a transaction");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return new Transacted(true, read(path));
  }

  private static JsonElement kept(String path, Node node) {
    if (node.value() == null) {
      throw new IllegalStateException(
          path + " holds " + node.bytes() + " bytes, more than this target keeps to read back");
    }
    return node.value();
  }

  /** The node written at exactly {@code path}, or null. */
  public synchronized Node node(String path) {
    return nodes.get(path);
  }

  /** How many nodes lie at or below {@code path}. */
  public synchronized int count(String path) {
    return nodes.subMap(path + "/", true, path + "0", false).size()
        + (nodes.containsKey(path) ? 1 : 0);
  }

  /** What the database saw: totals, the peaks over trailing windows, refused writes. */
  public synchronized Stats stats() {
    return new Stats(
        writes, bytes, refused, peakBytesPerMinute, peakWritesPerMinute, peakWritesPerSecond);
  }

  /**
   * @param peakBytesPerMinute the most bytes accepted within any trailing minute
   * @param peakWritesPerMinute the most writes accepted within any trailing minute
   * @param peakWritesPerSecond the most writes accepted within any trailing second
   */
  public record Stats(
      long writes,
      long bytes,
      long refused,
      long peakBytesPerMinute,
      long peakWritesPerMinute,
      long peakWritesPerSecond) {}
}

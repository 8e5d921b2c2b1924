package cradle.publish;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The local stand-in for the Realtime Database: the whole database as one JSON file in the shape of
 * a database export. Each update is applied under a file lock and the file replaced atomically, so
 * like the real database an update is all or nothing, also between processes. The tree is kept in
 * memory while nobody else has written the file, and so is the JSON of each node two levels down
 * (each {@code reports/<user>}): a write serializes only the nodes it changed, and a lease step
 * costs a copy of the file rather than a rendering of every report in it.
 *
 * <p>One class of just over 300 lines: the lock, the cached tree and the atomic replacement are one
 * invariant (the cache is valid only while the file is the one this process last wrote), and
 * splitting them would spread that check over several types.
 */
public final class JsonFileDatabase implements ReportSink {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private final Path file;
  private final Path lockFile;
  // ".database-" for database.json: per file, as the lock is
  private final String tmpPrefix;
  private JsonObject root;
  private Stamp loadedAt;
  // the JSON of each node two levels down as last written, by identity: valid while the node is
  // unchanged, so every change below one drops its entry first (see set)
  private Map<JsonElement, byte[]> rendered = new IdentityHashMap<>();

  /**
   * What identifies one version of the file: every write replaces it with a new file, so another
   * writer changes at least one of these even within one tick of the file system's clock.
   */
  private record Stamp(FileTime modified, Object fileKey, long size) {
    static Stamp of(Path file) throws IOException {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.fileKey(), a.size());
    }
  }

  public JsonFileDatabase(Path file) {
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.tmpPrefix = "." + this.file.getFileName().toString().replaceFirst("\\.json$", "") + "-";
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk chunk) throws IOException {
    Map<String, JsonElement> updates = chunk.asMap();
    locked(
        tree -> {
          for (Map.Entry<String, JsonElement> u : updates.entrySet()) {
            set(tree, u.getKey().split("/"), u.getValue());
          }
          return true;
        });
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Read, compare and write under the same lock that every writer of the file takes, so like the
   * database's own transactions it is atomic between threads and processes.
   */
  @Override
  public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException {
    JsonElement[] after = new JsonElement[1];
    boolean committed =
        locked(
            tree -> {
              JsonElement current = node(tree, path);
              Optional<JsonElement> next =
                  change.apply(current == null ? null : current.deepCopy());
              after[0] = current;
              JsonElement value = next.orElse(null);
              if (value == null
                  || value.equals(current)
                  || (value.isJsonNull() && current == null)) {
                return false;
              }
              set(tree, path.split("/"), value);
              after[0] = value.isJsonNull() ? null : value.deepCopy();
              return true;
            });
    return new Transacted(committed, after[0] == null ? null : after[0].deepCopy());
  }

  /** A change of the tree that says whether it changed anything. */
  private interface TreeChange {
    boolean apply(JsonObject tree);
  }

  private boolean locked(TreeChange change) throws IOException {
    Files.createDirectories(file.getParent());
    // a file lock is held by the whole JVM (a second channel's lock() throws
    // OverlappingFileLockException), so threads of one process queue on a lock of their own first
    ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock());
    inProcess.lock();
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      synchronized (this) {
        JsonObject tree = load();
        // applied in place; if the file cannot be replaced, forget the tree so the next
        // access reads the file again (which still holds the state before this update)
        root = null;
        if (!change.apply(tree)) {
          root = tree;
          return false;
        }
        removeLeftovers();
        Path tmp = Files.createTempFile(file.getParent(), tmpPrefix, ".tmp");
        try {
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            render(tree, out);
          }
          Files.move(
              tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          // a full disk says only "No space left on device": name the file
          throw e instanceof FileSystemException f && f.getFile() != null
              ? e
              : new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
          Files.deleteIfExists(tmp);
        }
        root = tree;
        loadedAt = Stamp.of(file);
        return true;
      }
    } finally {
      inProcess.unlock();
    }
  }

  @Override
  public synchronized JsonElement read(String path) throws IOException {
    JsonElement node = node(load(), path);
    return node == null ? null : node.deepCopy();
  }

  private static JsonElement node(JsonObject tree, String path) {
    JsonElement node = tree;
    for (String key : path.split("/")) {
      if (key.isEmpty()) {
        continue;
      }
      if (node == null || !node.isJsonObject()) {
        return null;
      }
      node = node.getAsJsonObject().get(key);
    }
    return node;
  }

  /**
   * Temporary files left by a writer that was killed (or whose disk filled) before its rename.
   * Every writer holds the lock from creating its temporary file to renaming it, so under the lock
   * any such file is a leftover.
   */
  private void removeLeftovers() throws IOException {
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(file.getParent(), tmpPrefix + "*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /**
   * Writes the tree as {@code GSON.toJson(tree)} would, reusing the JSON of the nodes two levels
   * down that have not changed since the last write.
   */
  private void render(JsonObject tree, OutputStream out) throws IOException {
    Map<JsonElement, byte[]> next = new IdentityHashMap<>();
    out.write('{');
    String comma = "";
    for (Map.Entry<String, JsonElement> top : tree.entrySet()) {
      if (top.getValue().isJsonNull()) {
        continue; // as Gson leaves it out
      }
      out.write(utf8(comma + key(top.getKey())));
      comma = ",";
      if (!top.getValue().isJsonObject()) {
        out.write(utf8(GSON.toJson(top.getValue())));
        continue;
      }
      out.write('{');
      String innerComma = "";
      for (Map.Entry<String, JsonElement> child : top.getValue().getAsJsonObject().entrySet()) {
        if (child.getValue().isJsonNull()) {
          continue;
        }
        out.write(utf8(innerComma + key(child.getKey())));
        innerComma = ",";
        byte[] json = rendered.get(child.getValue());
        if (json == null) {
          json = utf8(GSON.toJson(child.getValue()));
        }
        next.put(child.getValue(), json);
        out.write(json);
      }
      out.write('}');
    }
    out.write('}');
    rendered = next;
  }

  /** Refuses what UTF-8 cannot hold (a lone surrogate) instead of writing a '?' for it. */
  private static byte[] utf8(String json) throws CharacterCodingException {
    ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json));
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return bytes;
  }

  /** A member name and its colon, escaped as Gson escapes it. */
  private static String key(String name) {
    return GSON.toJson(name) + ":";
  }

  private JsonObject load() throws IOException {
    Stamp modified = Files.exists(file) ? Stamp.of(file) : null;
    if (root == null || modified == null || !modified.equals(loadedAt)) {
      rendered = new IdentityHashMap<>(); // the old tree's JSON: never asked for again
      if (modified != null) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          JsonElement e = JsonParser.parseReader(r);
          root = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        }
      } else {
        root = new JsonObject();
      }
      loadedAt = modified;
    }
    return root;
  }

  private void set(JsonObject tree, String[] path, JsonElement value) {
    if (path.length > 1 && tree.get(path[0]) instanceof JsonObject top) {
      JsonElement changed = top.get(path[1]);
      if (changed != null) {
        rendered.remove(changed); // changed in place or replaced: its JSON is no longer it
      }
    }
    JsonObject node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      JsonElement child = node.get(path[i]);
      if (child == null || !child.isJsonObject()) {
        if (value == null || value.isJsonNull()) {
          return;
        }
        child = new JsonObject();
        node.add(path[i], child);
      }
      node = child.getAsJsonObject();
    }
    String leaf = path[path.length - 1];
    if (value == null || value.isJsonNull()) {
      node.remove(leaf);
      prune(tree, path);
    } else {
      node.add(leaf, value);
    }
  }

  /** The database keeps no empty node: remove parents left empty by a delete. */
  private static void prune(JsonObject tree, String[] path) {
    for (int depth = path.length - 1; depth > 0; depth--) {
      JsonObject parent = tree;
      for (int i = 0; i < depth - 1; i++) {
        JsonElement next = parent.get(path[i]);
        if (next == null || !next.isJsonObject()) {
          return;
        }
        parent = next.getAsJsonObject();
      }
      JsonElement child = parent.get(path[depth - 1]);
      if (child != null && child.isJsonObject() && child.getAsJsonObject().isEmpty()) {
        parent.remove(path[depth - 1]);
      } else {
        return;
      }
    }
  }
}

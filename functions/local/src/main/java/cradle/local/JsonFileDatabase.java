package cradle.local;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The local stand-in for the Realtime Database: the whole database as one JSON file in the shape of
 * a database export. Each update is applied under a file lock and the file replaced atomically, so
 * like the real database an update is all or nothing, also between processes. The tree is kept in
 * memory while nobody else has written the file.
 */
final class JsonFileDatabase implements ReportSink {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private final Path file;
  private final Path lockFile;
  private JsonObject root;
  private FileTime loadedAt;

  JsonFileDatabase(Path file) {
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk chunk) throws IOException {
    Map<String, JsonElement> updates = chunk.asMap();
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      synchronized (this) {
        JsonObject tree = load();
        // applied in place; if the file cannot be replaced, forget the tree so the next
        // access reads the file again (which still holds the state before this update)
        root = null;
        for (Map.Entry<String, JsonElement> u : updates.entrySet()) {
          set(tree, u.getKey().split("/"), u.getValue());
        }
        Path tmp = Files.createTempFile(file.getParent(), ".database-", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          GSON.toJson(tree, w);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        root = tree;
        loadedAt = Files.getLastModifiedTime(file);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized JsonElement read(String path) throws IOException {
    JsonElement node = load();
    for (String key : path.split("/")) {
      if (key.isEmpty()) {
        continue;
      }
      if (node == null || !node.isJsonObject()) {
        return null;
      }
      node = node.getAsJsonObject().get(key);
    }
    return node == null ? null : node.deepCopy();
  }

  private JsonObject load() throws IOException {
    FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    if (root == null || modified == null || !modified.equals(loadedAt)) {
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

  private static void set(JsonObject tree, String[] path, JsonElement value) {
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

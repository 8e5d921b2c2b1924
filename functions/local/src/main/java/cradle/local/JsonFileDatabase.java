package cradle.local;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.port.ReportSink;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The local stand-in for the Realtime Database: the whole database as one JSON file in the shape
 * of a database export. Each update is applied to the tree and the file replaced atomically, so
 * like the real database an update is all or nothing.
 */
final class JsonFileDatabase implements ReportSink {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private final Path file;
  private JsonObject root;

  JsonFileDatabase(Path file) {
    this.file = file;
  }

  @Override
  public synchronized CompletableFuture<Void> submit(Map<String, JsonElement> updates) throws IOException {
    update(updates);
    return CompletableFuture.completedFuture(null);
  }

  private void update(Map<String, JsonElement> updates) throws IOException {
    JsonObject tree = load().deepCopy();
    for (Map.Entry<String, JsonElement> u : updates.entrySet()) {
      set(tree, u.getKey().split("/"), u.getValue());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".database-", ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      GSON.toJson(tree, w);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    root = tree;
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
    if (root == null) {
      if (Files.exists(file)) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          JsonElement e = JsonParser.parseReader(r);
          root = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        }
      } else {
        root = new JsonObject();
      }
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
    } else {
      node.add(leaf, value);
    }
  }
}

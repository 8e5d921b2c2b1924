package cradle.shared.reshape;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Groups keyed rows into multi-path updates ({@code "reports/u1/b1" -> {...}}) of at most about
 * {@code budgetBytes} each. One SDK write may carry 16 MB; the budget keeps each well below that
 * so a write also stays quick to acknowledge. Each row replaces its node whole, so a baby's
 * report never mixes two runs.
 */
public final class UpdateChunker {
  /** Receives each full chunk. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(Map<String, JsonElement> updates) throws IOException;
  }

  private final String rootPath;
  private final long budgetBytes;
  private final ChunkConsumer consumer;
  private Map<String, JsonElement> chunk = new LinkedHashMap<>();
  private long chunkBytes;
  private long chunks;

  public UpdateChunker(String rootPath, long budgetBytes, ChunkConsumer consumer) {
    this.rootPath = rootPath;
    this.budgetBytes = budgetBytes;
    this.consumer = consumer;
  }

  public void add(KeyedRow row) throws IOException {
    String path = rootPath + "/" + String.join("/", row.keys());
    if (!chunk.isEmpty() && chunkBytes + row.bytes() > budgetBytes) {
      flush();
    }
    chunk.put(path, row.value());
    chunkBytes += row.bytes() + path.length();
  }

  /** Sends the last, partly filled chunk. */
  public void finish() throws IOException {
    if (!chunk.isEmpty()) {
      flush();
    }
  }

  public long chunks() {
    return chunks;
  }

  private void flush() throws IOException {
    Map<String, JsonElement> full = chunk;
    chunk = new LinkedHashMap<>();
    chunkBytes = 0;
    chunks++;
    consumer.accept(full);
  }
}

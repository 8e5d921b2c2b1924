package cradle.shared.reshape;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;

/**
 * Groups keyed rows into multi-path updates ({@code "reports/u1/b1": {...}}) of at most about
 * {@code budgetBytes} each, written straight as the JSON the database receives. One SDK write may
 * carry 16 MB; the budget keeps each well below that so a write also stays quick to acknowledge.
 * Each row replaces its node whole, so a baby's report never mixes two runs.
 */
public final class UpdateChunker {
  /** Receives each full chunk. */
  @FunctionalInterface
  public interface ChunkConsumer {
    void accept(UpdateChunk chunk) throws IOException;
  }

  private final byte[] root;
  private final long budgetBytes;
  private final ChunkConsumer consumer;
  private final ByteArrayBuilder chunk = new ByteArrayBuilder(1 << 16);
  private int paths;
  private long chunks;

  public UpdateChunker(String rootPath, long budgetBytes, ChunkConsumer consumer) {
    this.root = JsonStringEncoder.getInstance().quoteAsUTF8(rootPath + "/");
    this.budgetBytes = budgetBytes;
    this.consumer = consumer;
  }

  public void add(KeyedRow row) throws IOException {
    if (paths > 0 && chunk.size() + row.bytes() + 64 > budgetBytes) {
      flush();
    }
    chunk.append(paths == 0 ? '{' : ',');
    chunk.append('"');
    chunk.write(root);
    for (int i = 0; i < row.keys().size(); i++) {
      if (i > 0) {
        chunk.append('/');
      }
      writeKey(row.keys().get(i));
    }
    chunk.append('"');
    chunk.append(':');
    chunk.write(row.value());
    paths++;
  }

  /** Keys are mostly plain ASCII ids that need no escaping: copy those straight. */
  private void writeKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c >= 0x80 || c == '"' || c == '\\') {
        chunk.write(JsonStringEncoder.getInstance().quoteAsUTF8(key));
        return;
      }
    }
    for (int i = 0; i < key.length(); i++) {
      chunk.append(key.charAt(i));
    }
  }

  /** Sends the last, partly filled chunk. */
  public void finish() throws IOException {
    if (paths > 0) {
      flush();
    }
  }

  public long chunks() {
    return chunks;
  }

  private void flush() throws IOException {
    chunk.append('}');
    UpdateChunk full = new UpdateChunk(chunk.toByteArray(), paths);
    chunk.reset();
    paths = 0;
    chunks++;
    consumer.accept(full);
  }
}

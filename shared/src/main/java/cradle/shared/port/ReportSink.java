package cradle.shared.port;

import com.google.gson.JsonElement;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** The database the app reads: the Realtime Database, or a JSON file locally. */
public interface ReportSink {
  /**
   * Starts one multi-path update, applied atomically: every key is a slash path and its value
   * replaces the node there whole (null deletes it). The future completes when the database has
   * acknowledged the write.
   */
  CompletableFuture<Void> submit(UpdateChunk updates) throws IOException;

  /** The node at {@code path}, or null when there is none. */
  JsonElement read(String path) throws IOException;
}

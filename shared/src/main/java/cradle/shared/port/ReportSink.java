package cradle.shared.port;

import com.google.gson.JsonElement;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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

  /**
   * A compare-and-set on one node, atomic against every other writer of the database (other
   * processes and machines included): {@code change} gets the node as it is (null when absent) and
   * returns its replacement ({@code JsonNull} deletes it), or empty to leave it alone. The database
   * may call {@code change} more than once, first with a stale value, so it must be a pure function
   * of its argument.
   *
   * @return whether a replacement was written, and the node as the database now holds it
   */
  Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException;

  /**
   * @param committed the change's replacement was written
   * @param value the node after the transaction (null when absent)
   */
  record Transacted(boolean committed, JsonElement value) {}
}

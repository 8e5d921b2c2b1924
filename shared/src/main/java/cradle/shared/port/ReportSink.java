package cradle.shared.port;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.util.Map;

/** The database the app reads: the Realtime Database, or a JSON file locally. */
public interface ReportSink {
  /**
   * Applies one multi-path update atomically: every key is a slash path and its value replaces
   * the node there whole. Returns once the database has acknowledged the write.
   */
  void update(Map<String, JsonElement> updates) throws IOException;

  /** The node at {@code path}, or null when there is none. */
  JsonElement read(String path) throws IOException;
}

package cradle.shared;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import cradle.shared.port.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;

/**
 * The records stages leave in an attempt's folder once the attempt is done (a small JSON object
 * under a fixed name), and the run's attempt among them: the one whose record orders last. Each
 * request is an attempt with its own folder, so a re-run never overwrites what an earlier attempt
 * made; these records say which of them a message that names none goes on with.
 */
final class AttemptRecords {
  /** Reads one record; {@code folder} is the attempt's folder (ends with '/'). */
  @FunctionalInterface
  interface Reader<T> {
    T read(String folder, JsonObject record);
  }

  private AttemptRecords() {}

  /** The record under {@code under} named {@code marker} that {@code order} puts last, if any. */
  static <T> Optional<T> latest(
      BlobStore blobs, String under, String marker, Reader<T> reader, Comparator<T> order)
      throws IOException {
    T latest = null;
    for (String uri : blobs.list(under)) {
      if (!uri.endsWith("/" + marker)) {
        continue;
      }
      T record = read(blobs, uri, marker, reader);
      if (latest == null || order.compare(record, latest) > 0) {
        latest = record;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static <T> T read(BlobStore blobs, String uri, String marker, Reader<T> reader)
      throws IOException {
    String folder = uri.substring(0, uri.length() - marker.length());
    try {
      JsonObject record =
          JsonParser.parseString(new String(blobs.read(uri), StandardCharsets.UTF_8))
              .getAsJsonObject();
      return reader.read(folder, record);
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException
        | NumberFormatException
        | DateTimeParseException e) {
      throw new StageFailedException(
          uri + " is not a record of a finished attempt: " + e.getMessage(), e);
    }
  }
}

package cradle.shared;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import cradle.shared.port.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The records stages leave in an attempt's folder once the attempt is done (a small JSON object
 * under a fixed name), and the run's attempt among them: the one whose record orders last. Each
 * request is an attempt with its own folder, so a re-run never overwrites what an earlier attempt
 * made; these records say which of them a message that names none goes on with.
 */
final class AttemptRecords<T> {
  /** Reads one record; {@code folder} is the attempt's folder (ends with '/'). */
  @FunctionalInterface
  interface Reader<T> {
    T read(String folder, JsonObject record);
  }

  private final String under;
  private final String marker;
  private final String artifact;
  private final Reader<T> reader;
  private final Comparator<T> order;
  private final Function<T, String> folder;

  /**
   * @param under the folder of a run where the attempts' records lie, at any depth (ends with '/')
   * @param marker the record's name
   * @param artifact the name of the artifact a record's folder is to a message
   * @param order puts the run's attempt last
   * @param folder the artifact a record names
   */
  AttemptRecords(
      String under,
      String marker,
      String artifact,
      Reader<T> reader,
      Comparator<T> order,
      Function<T, String> folder) {
    this.under = under;
    this.marker = marker;
    this.artifact = artifact;
    this.reader = reader;
    this.order = order;
    this.folder = folder;
  }

  /** The run's attempt: the record that {@code order} puts last, if there is any. */
  Optional<T> latest(BlobStore blobs, String runPrefix) throws IOException {
    T latest = null;
    for (String uri : blobs.list(runPrefix + under)) {
      if (!uri.endsWith("/" + marker)) {
        continue;
      }
      T record = read(blobs, uri);
      if (latest == null || order.compare(record, latest) > 0) {
        latest = record;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** {@code message} naming the artifact: the one it names, else the run's attempt's, else none. */
  RunMessage named(BlobStore blobs, String artifactsUri, RunMessage message) throws IOException {
    if (message.artifact(artifact) != null) {
      return message;
    }
    String runPrefix = new RunLayout(artifactsUri, message).runPrefix();
    return latest(blobs, runPrefix)
        .map(r -> message.withArtifacts(Map.of(artifact, folder.apply(r))))
        .orElse(message);
  }

  private T read(BlobStore blobs, String uri) throws IOException {
    String attempt = uri.substring(0, uri.length() - marker.length());
    try {
      JsonObject record =
          JsonParser.parseString(new String(blobs.read(uri), StandardCharsets.UTF_8))
              .getAsJsonObject();
      return reader.read(attempt, record);
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

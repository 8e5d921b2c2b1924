package cradle.shared;

import com.google.gson.JsonObject;
import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which of a run's analyses is the run's: each attempt at analyze exports its rows into its own
 * folder ({@code analysis/ATTEMPT/}), and once the export is complete analyze records that there
 * ({@code completed.json}: the job, the row count and when it completed). The run's analysis is the
 * attempt that completed last. The first completion is kept: another delivery of the same request
 * (which finds its jobs done) does not make an older attempt the latest.
 *
 * <p>The normal path never needs this: analyze's hand-off names the analysis it exported. It is for
 * a message that names none (a replay of the notebook stage, {@code ./cradle run --from-stage
 * notebook}) and for the local tools that show a run's analysis.
 */
public final class CompletedAnalyses {
  public static final String MARKER = "completed.json";

  /** One completed attempt: its folder of rows (ends with '/'), job, row count and completion. */
  public record Completed(String analysis, String job, long rows, Instant completed) {}

  private static final Comparator<Completed> ORDER =
      Comparator.comparing(Completed::completed).thenComparing(Completed::analysis);

  private static final AttemptRecords<Completed> RECORDS =
      new AttemptRecords<>(
          RunLayout.ANALYSIS + "/",
          MARKER,
          RunLayout.ANALYSIS,
          CompletedAnalyses::read,
          ORDER,
          Completed::analysis);

  private CompletedAnalyses() {}

  /**
   * Records that the rows under {@code analysis} are complete, unless an earlier delivery of the
   * same attempt recorded it; true when this call recorded it.
   */
  public static boolean record(
      BlobStore blobs, String analysis, String job, long rows, Instant completed)
      throws IOException {
    try {
      blobs.read(analysis + MARKER);
      return false;
    } catch (FileNotFoundException first) {
      JsonObject o = new JsonObject();
      o.addProperty("job", job);
      o.addProperty("rows", rows);
      o.addProperty("completed", completed.toString());
      blobs.write(analysis + MARKER, o.toString().getBytes(StandardCharsets.UTF_8));
      return true;
    }
  }

  /** The run's attempt at analyze that completed last, if any did. */
  public static Optional<Completed> latest(BlobStore blobs, String runPrefix) throws IOException {
    return RECORDS.latest(blobs, runPrefix);
  }

  /**
   * {@code message} naming the analysis the notebook is to read: the one it names, else the run's
   * latest completed analysis, else none (runs made before analyses were per attempt keep their
   * rows in {@code analysis/}, {@link RunLayout#analysisPrefix}'s default).
   */
  public static RunMessage named(BlobStore blobs, String artifactsUri, RunMessage message)
      throws IOException {
    return RECORDS.named(blobs, artifactsUri, message);
  }

  private static Completed read(String analysis, JsonObject o) {
    return new Completed(
        analysis,
        o.get("job").getAsString(),
        o.get("rows").getAsLong(),
        Instant.parse(o.get("completed").getAsString()));
  }
}

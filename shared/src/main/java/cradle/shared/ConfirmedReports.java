package cradle.shared;

import com.google.gson.JsonObject;
import cradle.shared.port.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which of a run's reports is the run's: each attempt at the notebook writes its report in its own
 * folder ({@code notebook/ATTEMPT/report/}), and the await stage, once it has confirmed the
 * attempt's execution, records that beside the rows ({@code confirmed.json}: the execution and when
 * it started). The run's report is the confirmed attempt whose execution started last: a deliberate
 * re-run starts after the attempt it corrects, while a late delivery of an older attempt's await
 * only rewrites that attempt's own record.
 *
 * <p>The normal path never needs this: await's hand-off names the report it confirmed. It is for a
 * message that names none (a replay of publish, {@code ./cradle run --from-stage publish}) and for
 * the local tools that show a run's report.
 */
public final class ConfirmedReports {
  public static final String MARKER = "confirmed.json";

  /** One confirmed attempt: its report folder (ends with '/'), execution and its start. */
  public record Confirmed(String report, String execution, Instant started) {}

  private static final Comparator<Confirmed> ORDER =
      Comparator.comparing(Confirmed::started).thenComparing(Confirmed::report);

  private static final AttemptRecords<Confirmed> RECORDS =
      new AttemptRecords<>(
          RunLayout.NOTEBOOK + "/",
          MARKER,
          RunLayout.REPORT,
          ConfirmedReports::read,
          ORDER,
          Confirmed::report);

  private ConfirmedReports() {}

  /** Records that await confirmed the execution whose report rows are under {@code report}. */
  public static void record(
      BlobStore blobs, String report, String execution, Instant started, Instant confirmedAt)
      throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("execution", execution);
    o.addProperty("started", started.toString());
    o.addProperty("confirmed_at", confirmedAt.toString());
    blobs.write(report + MARKER, o.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The run's confirmed attempt whose execution started last, if await confirmed any. */
  public static Optional<Confirmed> latest(BlobStore blobs, String runPrefix) throws IOException {
    return RECORDS.latest(blobs, runPrefix);
  }

  /**
   * {@code message} naming the report publish is to read: the one it names, else the run's
   * confirmed report, else none (runs made before reports were per attempt keep theirs in {@code
   * report/}, {@link RunLayout#reportPrefix}'s default).
   */
  public static RunMessage named(BlobStore blobs, String artifactsUri, RunMessage message)
      throws IOException {
    return RECORDS.named(blobs, artifactsUri, message);
  }

  private static Confirmed read(String report, JsonObject o) {
    return new Confirmed(
        report, o.get("execution").getAsString(), Instant.parse(o.get("started").getAsString()));
  }
}

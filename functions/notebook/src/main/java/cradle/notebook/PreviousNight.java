package cradle.notebook;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.ConfirmedReports;
import cradle.shared.port.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The previous published night, for the notebook's comparison: the latest report date before the
 * run's (at most {@link #LOOK_BACK_DAYS} back) with a run whose publish finished, as its progress
 * in the artifacts says ({@code runs/DATE/RUN_ID/publish/progress.json}, phase {@code DONE}); of
 * several such runs of one date, the one started last, which is the one the database keeps; its
 * report is the attempt await confirmed last ({@link ConfirmedReports}).
 */
record PreviousNight(LocalDate date, String runId, String reportUri) {
  static final int LOOK_BACK_DAYS = 7;
  private static final String PROGRESS = "/publish/progress.json";

  static Optional<PreviousNight> find(BlobStore blobs, String artifactsUri, LocalDate runDate)
      throws IOException {
    for (int back = 1; back <= LOOK_BACK_DAYS; back++) {
      LocalDate date = runDate.minusDays(back);
      String datePrefix = artifactsUri + "/runs/" + date + "/";
      PreviousNight latest = null;
      Instant latestStart = null;
      for (String uri : blobs.list(datePrefix)) {
        if (!uri.endsWith(PROGRESS)) {
          continue;
        }
        JsonObject progress =
            JsonParser.parseString(new String(blobs.read(uri), StandardCharsets.UTF_8))
                .getAsJsonObject();
        if (!"DONE".equals(progress.get("phase").getAsString())) {
          continue;
        }
        Instant started =
            progress.has("started_at") && !progress.get("started_at").isJsonNull()
                ? Instant.parse(progress.get("started_at").getAsString())
                : Instant.EPOCH;
        if (latestStart == null || started.isAfter(latestStart)) {
          String runPrefix = uri.substring(0, uri.length() - PROGRESS.length()) + "/";
          String report =
              ConfirmedReports.latest(blobs, runPrefix)
                  .map(ConfirmedReports.Confirmed::report)
                  .orElse(runPrefix + "report/");
          latest =
              new PreviousNight(
                  date,
                  runPrefix.substring(datePrefix.length(), runPrefix.length() - 1),
                  report + "report.jsonl");
          latestStart = started;
        }
      }
      if (latest != null) {
        return Optional.of(latest);
      }
    }
    return Optional.empty();
  }
}

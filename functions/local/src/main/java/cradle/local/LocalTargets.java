package cradle.local;

import cradle.publish.FirebaseReportSink;
import cradle.publish.JsonFileDatabase;
import cradle.shared.port.ReportSink;
import java.nio.file.Path;
import java.time.Duration;

/** The local database targets, for tools outside this package (the benchmark). */
public final class LocalTargets {
  private LocalTargets() {}

  public static ReportSink jsonFile(Path file) {
    return new JsonFileDatabase(file);
  }

  public static ReportSink emulator(String hostAndPort) {
    return new FirebaseReportSink(
        FirebaseReportSink.emulatorUrl(hostAndPort, "cradle"), true, Duration.ofSeconds(120));
  }
}

package cradle.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a command and measures its wall time and peak resident memory (Linux VmHWM, polled). */
final class ProcessMeter {
  /** What one process took. */
  record Measured(int exitCode, double seconds, long peakKb, String output) {
    double peakMb() {
      return peakKb / 1024.0;
    }
  }

  private ProcessMeter() {}

  static Measured run(List<String> command, Path stdout) throws IOException, InterruptedException {
    return run(command, stdout, env -> {});
  }

  /**
   * @param environment adjusts the process's environment (inherited from this one)
   */
  static Measured run(List<String> command, Path stdout, Consumer<Map<String, String>> environment)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("bench-", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
    environment.accept(pb.environment());
    pb.redirectOutput(stdout == null ? log.toFile() : stdout.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    long peak = 0;
    Path status = Path.of("/proc/" + p.pid() + "/status");
    while (p.isAlive()) {
      peak = Math.max(peak, highWaterMark(status));
      Thread.sleep(50);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String output = Files.readString(log) + (stdout == null ? "" : "");
    Files.deleteIfExists(log);
    return new Measured(p.exitValue(), seconds, peak, output);
  }

  /** VmHWM of a live process in kB; 0 once it has gone. */
  static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // the process ended between the check and the read
    }
    return 0;
  }
}

package cradle.local.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Report rows shaped like the notebook's output (about 250 bytes each), seeded. */
final class BenchInput {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private BenchInput() {}

  static void write(Path file, int rows) throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String user = null;
      for (int i = 0; i < rows; i++) {
        boolean twin = user != null && r.nextInt(30) == 0;
        if (!twin) {
          user = id(r, 28);
        }
        int sleep = 500 + r.nextInt(400);
        w.write(
            "{\"user_id\":\""
                + user
                + "\",\"baby_id\":\"baby-"
                + (twin ? 2 : 1)
                + "-"
                + id(r, 6).toLowerCase()
                + "\",\"report_date\":\"2026-11-25\",\"age_days\":"
                + r.nextInt(540)
                + ",\"today\":{\"sleep_min\":"
                + sleep
                + ".5,\"night_wakings\":"
                + r.nextInt(4)
                + ",\"feeds\":"
                + r.nextInt(3, 11)
                + ",\"wet_diapers\":"
                + r.nextInt(3, 10)
                + "}"
                + ",\"sleep_norm\":{\"status\":\""
                + (sleep < 720 ? "below" : "within")
                + "\"}"
                + ",\"flags\":[\"sleep_"
                + (r.nextBoolean() ? "up" : "down")
                + "\"]"
                + ",\"summary\":{\"ja\":\"今週の平均睡眠は1日"
                + sleep / 60
                + "時間です。\"}}\n");
      }
    }
  }

  private static String id(SplittableRandom r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = ALNUM.charAt(r.nextInt(ALNUM.length()));
    }
    return new String(c);
  }
}

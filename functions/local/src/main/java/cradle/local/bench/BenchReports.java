package cradle.local.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Report rows of about 2 KB each, the size a report reaches with its 14-day daily series: row
 * {@code i} is a pure function of {@code i}, so a night of a million babies can be streamed without
 * being stored, and each baby's node checked afterwards against the row it came from. Every 25th
 * baby is the twin of the one before (same user).
 */
public final class BenchReports {
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final LocalDate DAY = LocalDate.parse("2026-11-25");
  private final long seed;

  public BenchReports(long seed) {
    this.seed = seed;
  }

  /** Row {@code i} as one line of JSON, with its newline. */
  public byte[] row(long i) {
    boolean twin = i % 25 == 1;
    long user = twin ? i - 1 : i;
    SplittableRandom r = new SplittableRandom(seed * 1_000_003 + i);
    StringBuilder b = new StringBuilder(2300);
    b.append("{\"user_id\":\"").append(id(new SplittableRandom(seed ^ user), 28));
    b.append("\",\"baby_id\":\"baby-").append(twin ? 2 : 1).append('-').append(i);
    b.append("\",\"report_date\":\"").append(DAY).append("\",\"age_days\":").append(r.nextInt(540));
    b.append(",\"days\":[");
    for (int d = 13; d >= 0; d--) {
      int sleep = 500 + r.nextInt(400);
      b.append(d == 13 ? "" : ",")
          .append("{\"date\":\"")
          .append(DAY.minusDays(d))
          .append("\",\"sleep_min\":")
          .append(sleep)
          .append(".5,\"night_min\":")
          .append(sleep - 120)
          .append(",\"naps\":")
          .append(r.nextInt(5))
          .append(",\"night_wakings\":")
          .append(r.nextInt(4))
          .append(",\"feeds\":")
          .append(r.nextInt(3, 11))
          .append(",\"bottle_ml\":")
          .append(r.nextInt(0, 900))
          .append(",\"wet\":")
          .append(r.nextInt(3, 10))
          .append('}');
    }
    b.append("],\"sleep_norm\":{\"status\":\"within\",\"low_h\":12,\"high_h\":16}");
    b.append(",\"flags\":[\"sleep_").append(r.nextBoolean() ? "up" : "down").append("\"]");
    b.append(",\"summary\":{\"en\":\"Slept 13 h 20 min a day on average this week, within the")
        .append(" 12-16 h recommended for this age.\",\"ja\":\"今週の平均睡眠は1日13時間20分で、")
        .append("この月齢の目安（12〜16時間）の範囲内です。\"}}\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Rows {@code [from, to)} as a stream of JSON Lines, made as they are read. */
  public InputStream rows(long from, long to) {
    return new InputStream() {
      private long next = from;
      private byte[] current = new byte[0];
      private int at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (len == 0) {
          return 0;
        }
        int n = 0;
        while (n < len) {
          if (at == current.length) {
            if (next == to) {
              break;
            }
            current = row(next++);
            at = 0;
          }
          int k = Math.min(len - n, current.length - at);
          System.arraycopy(current, at, buf, off + n, k);
          at += k;
          n += k;
        }
        return n == 0 ? -1 : n;
      }
    };
  }

  /** Rows {@code [from, to)} in memory. */
  public byte[] bytes(long from, long to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    rows(from, to).transferTo(out);
    return out.toByteArray();
  }

  private static String id(SplittableRandom r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = ALNUM.charAt(r.nextInt(ALNUM.length()));
    }
    return new String(c);
  }
}

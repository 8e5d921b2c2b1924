package cradle.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Report rows as the notebook writes them: each is one of the real reports in {@value #TEMPLATES}
 * (a sample of a generated run's report.jsonl, so they keep the report contract and have its size)
 * under keys of its own. Row {@code i} is a pure function of {@code i}, so a night of a million
 * babies can be streamed without being stored, and each baby's node checked afterwards against the
 * row it came from. Every 25th baby is the twin of the one before (same user).
 *
 * <p>When the report changes, take a new sample: {@code awk 'NR % 12 == 1'} of a demo run's
 * report/report.jsonl ({@code ReportContractTest} fails when the sample no longer keeps the
 * contract or has drifted from the notebook's size).
 */
public final class BenchReports {
  public static final String TEMPLATES = "/cradle/local/bench/reports.jsonl";
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final List<byte[]> BODIES = bodies();
  private final long seed;

  public BenchReports(long seed) {
    this.seed = seed;
  }

  /** The sample's reports without their keys: the JSON after {@code "baby_id":"…",}. */
  private static List<byte[]> bodies() {
    ObjectMapper json = new ObjectMapper();
    List<byte[]> bodies = new ArrayList<>();
    try (InputStream in = BenchReports.class.getResourceAsStream(TEMPLATES);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        ObjectNode report = (ObjectNode) json.readTree(line);
        report.remove(List.of("user_id", "baby_id"));
        String rest = json.writeValueAsString(report);
        bodies.add(("," + rest.substring(1) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(bodies);
  }

  /** Row {@code i} as one line of JSON, with its newline. */
  public byte[] row(long i) {
    boolean twin = i % 25 == 1;
    long user = twin ? i - 1 : i;
    byte[] keys =
        ("{\"user_id\":\""
                + id(new SplittableRandom(seed ^ user), 28)
                + "\",\"baby_id\":\"baby-"
                + (twin ? 2 : 1)
                + "-"
                + i
                + "\"")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = BODIES.get((int) Math.floorMod(seed * 31 + i, (long) BODIES.size()));
    byte[] row = new byte[keys.length + body.length];
    System.arraycopy(keys, 0, row, 0, keys.length);
    System.arraycopy(body, 0, row, keys.length, body.length);
    return row;
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

package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlRowsTest {
  private static final KeyPath KEYS = KeyPath.parse("user_id/baby_id");

  /** What a stream delivered: its count, and each row as "line [keys] value". */
  private record Delivered(long accepted, List<String> rows) {}

  private static Delivered stream(byte[] input, int threads, Rejections rejections)
      throws Exception {
    List<String> seen = new ArrayList<>();
    long accepted =
        JsonlRows.stream(
            new ByteArrayInputStream(input),
            "in",
            () -> new RowReshaper(KEYS, 1),
            threads,
            rejections,
            (row, line) -> seen.add(line + " " + row.keys() + " " + row.valueText()));
    return new Delivered(accepted, seen);
  }

  private static List<String> run(byte[] input, int threads, Rejections rejections)
      throws Exception {
    return stream(input, threads, rejections).rows();
  }

  @Test
  void parallel_deliversTheSameRowsInInputOrder_withTheirLineNumbers() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 300_000; i++) {
      if (i % 50_000 == 0) {
        sb.append("{\"user_id\":\"bad/").append(i).append("\",\"baby_id\":\"b\",\"v\":1}\n");
      } else if (i % 70_001 == 0) {
        sb.append("\r\n");
      } else {
        sb.append("{\"user_id\":\"u")
            .append(i)
            .append("\",\"baby_id\":\"b\",\"v\":")
            .append(i)
            .append("}\r\n");
      }
    }
    sb.append("{\"user_id\":\"last\",\"baby_id\":\"b\",\"v\":0}"); // no final newline
    byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
    Rejections one = new Rejections();
    Rejections two = new Rejections();

    List<String> sequential = run(input, 1, one);
    List<String> parallel = run(input, 2, two);

    assertEquals(sequential, parallel);
    assertEquals(300_000 - 6 - 4 + 1, parallel.size());
    assertEquals("1 [u1, b] {\"v\":1}", parallel.get(0));
    assertEquals("300001 [last, b] {\"v\":0}", parallel.get(parallel.size() - 1));
    assertEquals(6, two.total());
    assertEquals(one.examples(), two.examples());
    assertEquals("in line 50000: user_id: key 'bad/50000' contains '/'", two.examples().get(0));
  }

  @Test
  void stream_returnsHowManyRowsItDelivered_inEitherMode() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 1_000; i++) {
      sb.append(
              i % 100 == 0 ? "not json" : "{\"user_id\":\"u" + i + "\",\"baby_id\":\"b\",\"v\":1}")
          .append('\n');
    }
    byte[] input = sb.toString().getBytes(StandardCharsets.UTF_8);
    for (int threads : new int[] {1, 2, 3}) {
      Rejections rejections = new Rejections();

      Delivered delivered = stream(input, threads, rejections);

      assertEquals(990, delivered.accepted(), "threads " + threads);
      assertEquals(990, delivered.rows().size());
      assertEquals("999 [u999, b] {\"v\":1}", delivered.rows().get(989));
      assertEquals(10, rejections.total());
    }
  }

  @Test
  void stream_emptyInputOrOnlyBlankLines_deliversNothing() throws Exception {
    for (String input : List.of("", "\n", "\n\r\n\n")) {
      Rejections rejections = new Rejections();
      assertEquals(List.of(), run(input.getBytes(StandardCharsets.UTF_8), 1, rejections));
      assertEquals(0, rejections.total());
    }
  }

  @Test
  void stream_trailingNewline_addsNoLine_aLeadingOneShiftsTheNumbers() throws Exception {
    String row = "{\"user_id\":\"u\",\"baby_id\":\"b\",\"v\":1}";

    assertEquals(
        List.of("2 [u, b] {\"v\":1}"),
        run(("\n" + row + "\n").getBytes(StandardCharsets.UTF_8), 1, new Rejections()));
  }

  @Test
  void parallel_aFailingReshaper_failsTheStreamWithItsOwnError() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                JsonlRows.stream(
                    new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)),
                    "in",
                    () -> {
                      throw new IllegalStateException("no reshaper");
                    },
                    2,
                    new Rejections(),
                    (row, line) -> {}));

    assertEquals("no reshaper", e.getMessage());
  }

  @Test
  void parallel_reshapesOnDaemonThreads_soAStuckReshapeCannotKeepTheProcessAlive()
      throws Exception {
    List<Boolean> daemon = new java.util.concurrent.CopyOnWriteArrayList<>();
    JsonlRows.stream(
        new ByteArrayInputStream(
            "{\"user_id\":\"u\",\"baby_id\":\"b\",\"v\":1}\n".getBytes(StandardCharsets.UTF_8)),
        "in",
        () -> {
          daemon.add(Thread.currentThread().isDaemon());
          return new RowReshaper(KEYS, 1);
        },
        2,
        new Rejections(),
        (row, line) -> {});

    assertEquals(List.of(true), daemon);
  }
}

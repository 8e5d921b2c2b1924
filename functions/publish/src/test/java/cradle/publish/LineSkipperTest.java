package cradle.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Skipping the lines a publish already wrote, to go on where it stopped. */
class LineSkipperTest {
  private static byte[] rest(String text, long lines) throws IOException {
    return rest(text.getBytes(StandardCharsets.UTF_8), lines);
  }

  private static byte[] rest(byte[] text, long lines) throws IOException {
    try (InputStream in = LineSkipper.skip(new ByteArrayInputStream(text), lines, "report.jsonl")) {
      return in.readAllBytes();
    }
  }

  private static String restText(String text, long lines) throws IOException {
    return new String(rest(text, lines), StandardCharsets.UTF_8);
  }

  @Test
  void skippingNothing_leavesEveryByte() throws IOException {
    assertEquals("a\nb\n", restText("a\nb\n", 0));
  }

  @Test
  void skippingSomeLines_leavesExactlyTheRest() throws IOException {
    assertEquals("b\nc", restText("a\nb\nc", 1));
    assertEquals("c", restText("a\nb\nc", 2));
    assertEquals("", restText("a\nb\n", 2));
  }

  @Test
  void linesAcrossTheReadBuffer_areCountedWhereverTheyFall() throws IOException {
    byte[] line = new byte[40_000]; // 1.6 lines a 64 KiB read
    Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    byte[] five = new byte[line.length * 5];
    for (int i = 0; i < 5; i++) {
      System.arraycopy(line, 0, five, i * line.length, line.length);
    }
    five[3 * line.length] = 'y'; // the first byte of the fourth line

    byte[] rest = rest(five, 3);

    assertEquals(2 * line.length, rest.length);
    assertEquals('y', rest[0]);
    assertArrayEquals(Arrays.copyOfRange(five, 3 * line.length, five.length), rest);
  }

  @Test
  void fewerLinesThanWritten_isAnErrorNamingTheFile() {
    IOException e = assertThrows(IOException.class, () -> rest("a\nb\n", 3));
    assertEquals("report.jsonl has fewer than the 3 lines already written", e.getMessage());
  }
}

package cradle.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A line file after a crash: the torn line stays one bad line, and readers step over it. */
class LineFileTest {
  @TempDir Path dir;

  @Test
  void append_afterATornLine_keepsTheNewLineWhole() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "{\"n\":1}\n{\"n\":");
    LineFile lines = new LineFile(file);

    lines.append("{\"n\":3}");
    LineFile.Contents<Integer> read =
        lines.read(l -> JsonParser.parseString(l).getAsJsonObject().get("n").getAsInt());

    assertEquals(List.of(1, 3), read.items());
    assertEquals(1, read.skipped().size());
    assertTrue(
        read.skipped().get(0).startsWith("line 2 of " + file + " is torn"), read.skipped() + "");
  }

  @Test
  void read_missingFile_isEmpty() throws Exception {
    LineFile.Contents<String> read = new LineFile(dir.resolve("none.jsonl")).read(l -> l);

    assertEquals(List.of(), read.items());
    assertEquals(List.of(), read.skipped());
  }
}

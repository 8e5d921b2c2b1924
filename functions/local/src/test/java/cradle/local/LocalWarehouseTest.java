package cradle.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cradle.local.generate.GenerationSpec;
import cradle.local.generate.TruthFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cradle generate} replaces a warehouse only with a complete one. */
class LocalWarehouseTest {
  private static final LocalDate END = LocalDate.parse("2026-11-25");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @TempDir Path dir;

  @Test
  void generate_failingHalfway_leavesTheOldWarehouseAndTruthAsTheyWere() throws Exception {
    Path file = dir.resolve("warehouse.duckdb");
    LocalWarehouse.Generated old =
        LocalWarehouse.generate(file, GenerationSpec.realistic(6, 3, 1, END, TOKYO));
    byte[] oldWarehouse = Files.readAllBytes(file);
    byte[] oldTruth = Files.readAllBytes(dir.resolve(TruthFile.NAME));

    // the disk fills up (or the user presses Ctrl-C) after the third baby of the new one
    RuntimeException full =
        assertThrows(
            RuntimeException.class,
            () ->
                LocalWarehouse.generate(
                    file,
                    GenerationSpec.realistic(20, 3, 2, END, TOKYO),
                    babies -> {
                      if (babies == 3) {
                        throw new IllegalStateException("No space left on device");
                      }
                    }));

    assertEquals("No space left on device", full.getMessage());
    assertArrayEquals(oldWarehouse, Files.readAllBytes(file));
    assertArrayEquals(oldTruth, Files.readAllBytes(dir.resolve(TruthFile.NAME)));
    assertEquals(List.of(old.babies(), old.events()), counts(file));
    assertEquals(List.of("truth.jsonl", "warehouse.duckdb"), names(dir));
  }

  @Test
  void generate_complete_replacesTheOldWarehouse() throws Exception {
    Path file = dir.resolve("warehouse.duckdb");
    LocalWarehouse.generate(file, GenerationSpec.realistic(6, 3, 1, END, TOKYO));

    LocalWarehouse.Generated fresh =
        LocalWarehouse.generate(file, GenerationSpec.realistic(9, 4, 2, END, TOKYO));

    assertEquals(9, fresh.babies());
    assertEquals(List.of(fresh.babies(), fresh.events()), counts(file));
    assertEquals(List.of("truth.jsonl", "warehouse.duckdb"), names(dir));
    try (Stream<String> lines = Files.lines(dir.resolve(TruthFile.NAME))) {
      assertEquals(9, lines.count());
    }
  }

  /** What DuckDB itself reads from the file: babies and events. */
  private static List<Long> counts(Path file) throws Exception {
    try (Connection c = DuckDbWarehouse.connect(file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT (SELECT count(*) FROM babies), (SELECT count(*) FROM events)")) {
      rs.next();
      return List.of(rs.getLong(1), rs.getLong(2));
    }
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}

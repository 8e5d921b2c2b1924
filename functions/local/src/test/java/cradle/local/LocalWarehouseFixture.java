package cradle.local;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

/** Generated warehouses for tests. */
final class LocalWarehouseFixture {
  private LocalWarehouseFixture() {}

  static LocalWarehouse.Generated generate(
      Path file, int babies, int days, long seed, LocalDate end) throws Exception {
    return LocalWarehouse.generate(file, babies, days, seed, end, ZoneId.of("Asia/Tokyo"));
  }
}

package cradle.local;

import cradle.analyze.AnalysisSql;
import cradle.local.generate.ActivityGenerator;
import cradle.local.generate.DuckDbActivityLog;
import cradle.local.generate.GenerationSpec;
import cradle.local.generate.TruthFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/** Fills and inspects the local DuckDB warehouse. */
public final class LocalWarehouse {
  /** What {@link #generate} wrote. */
  public record Generated(long babies, long events) {}

  private LocalWarehouse() {}

  /** Replaces the warehouse at {@code file} with the activity log {@code spec} describes. */
  public static Generated generate(Path file, GenerationSpec spec)
      throws IOException, SQLException {
    return generate(file, spec, count -> {});
  }

  /**
   * As above, telling {@code babiesDone} the babies written so far. The new warehouse and its truth
   * file are written in a scratch folder beside {@code file} and moved over the old ones only when
   * complete, so a failure (a full disk, an interrupted run) leaves the old warehouse as it was.
   */
  public static Generated generate(Path file, GenerationSpec spec, LongConsumer babiesDone)
      throws IOException, SQLException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path scratch = Files.createTempDirectory(dir, ".generate-");
    try {
      Path warehouse = scratch.resolve(file.getFileName());
      Path truth = scratch.resolve(TruthFile.NAME);
      Generated generated = write(warehouse, truth, spec, babiesDone);
      // closing the connection checkpointed the warehouse: no write-ahead log is left to move,
      // and the old warehouse's, if any, must not be applied to the new one
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
      Files.move(
          truth,
          file.resolveSibling(TruthFile.NAME),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Files.move(
          warehouse, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return generated;
    } finally {
      deleteTree(scratch);
    }
  }

  private static Generated write(
      Path file, Path truthFile, GenerationSpec spec, LongConsumer babiesDone)
      throws IOException, SQLException {
    try (Connection c = DuckDbWarehouse.connect(file);
        DuckDbActivityLog log =
            new DuckDbActivityLog(
                c,
                file.getParent(),
                DuckDbSchemas.createTable(AnalysisSql.EVENTS_TABLE),
                DuckDbSchemas.createTable(AnalysisSql.BABIES_TABLE));
        TruthFile truth = new TruthFile(truthFile)) {
      try {
        new ActivityGenerator(spec.seed(), spec.zone(), spec.logging())
            .generate(spec.babies(), spec.days(), spec.end(), counted(log, truth, babiesDone));
      } catch (SQLException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      log.close();
      return new Generated(log.babies(), log.events());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The latest report date that has events (report days start at 06:00 local time). */
  public static Optional<LocalDate> latestReportDate(Path file, ZoneId zone) throws SQLException {
    try (Connection c = DuckDbWarehouse.connect(file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT max(CAST(datetime_sub(datetime(started_at, '"
                    + zone.getId()
                    + "'), INTERVAL 6 HOUR) AS DATE)) FROM events")) {
      rs.next();
      return Optional.ofNullable(rs.getObject(1, LocalDate.class));
    }
  }

  private static ActivityGenerator.Sink counted(
      ActivityGenerator.Sink sink, TruthFile truth, LongConsumer babiesDone) {
    return new ActivityGenerator.Sink() {
      private long babies;

      @Override
      public void baby(cradle.local.generate.Baby baby) throws Exception {
        sink.baby(baby);
        babiesDone.accept(++babies);
      }

      @Override
      public void event(cradle.local.generate.Event event) throws Exception {
        sink.event(event);
      }

      @Override
      public void truth(cradle.local.generate.Truth t) throws Exception {
        truth.write(t);
      }
    };
  }
}

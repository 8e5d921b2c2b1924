package cradle.local.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads a generated activity log into the {@code events} and {@code babies} tables. Rows go through
 * a temporary CSV file and DuckDB's parallel CSV reader: for millions of rows that is several times
 * faster than the row-by-row appender.
 *
 * <p>Times are written to the millisecond, as the app records them: an event's seconds are its
 * {@link Event}'s, and its milliseconds a hash of what it is (the same for the same log), unless
 * the log is made with whole seconds (hand-built babies whose times are read off a clock face).
 */
public final class DuckDbActivityLog implements ActivityGenerator.Sink, AutoCloseable {
  private final Connection connection;
  private final Path eventsCsv;
  private final Path babiesCsv;
  private final BufferedWriter events;
  private final BufferedWriter babies;
  private final StringBuilder line = new StringBuilder(128);
  private long eventCount;
  private long babyCount;
  private boolean closed;
  private final boolean milliseconds;

  /** A log whose times carry milliseconds, as the app writes them. */
  public DuckDbActivityLog(
      Connection connection, Path scratchDir, String eventsDdl, String babiesDdl)
      throws SQLException, IOException {
    this(connection, scratchDir, eventsDdl, babiesDdl, true);
  }

  public DuckDbActivityLog(
      Connection connection,
      Path scratchDir,
      String eventsDdl,
      String babiesDdl,
      boolean milliseconds)
      throws SQLException, IOException {
    this.connection = connection;
    this.milliseconds = milliseconds;
    try (Statement s = connection.createStatement()) {
      s.execute(eventsDdl);
      s.execute(babiesDdl);
    }
    this.eventsCsv = Files.createTempFile(scratchDir, ".events-", ".csv");
    this.babiesCsv = Files.createTempFile(scratchDir, ".babies-", ".csv");
    this.events = Files.newBufferedWriter(eventsCsv, StandardCharsets.UTF_8);
    this.babies = Files.newBufferedWriter(babiesCsv, StandardCharsets.UTF_8);
  }

  @Override
  public void baby(Baby baby) throws IOException {
    babies.write(baby.userId() + "," + baby.babyId() + "," + baby.birthDate() + "\n");
    babyCount++;
  }

  /** Ids and enum values never hold commas or quotes, so no CSV quoting is needed. */
  @Override
  public void event(Event e) throws IOException {
    line.setLength(0);
    line.append(e.eventId())
        .append(',')
        .append(e.userId())
        .append(',')
        .append(e.babyId())
        .append(',')
        .append(e.type())
        .append(',')
        .append(millis(e.startedAt(), e, 's'))
        .append(',');
    if (e.endedAt() > 0) {
      line.append(millis(e.endedAt(), e, 'e'));
    }
    line.append(',');
    if (e.feedMethod() != null) {
      line.append(e.feedMethod());
    }
    line.append(',');
    if (e.amountMl() > 0) {
      line.append(e.amountMl());
    }
    line.append(',');
    if (e.diaperKind() != null) {
      line.append(e.diaperKind());
    }
    line.append('\n');
    events.append(line);
    eventCount++;
  }

  public long events() {
    return eventCount;
  }

  public long babies() {
    return babyCount;
  }

  /** Loads the rows written so far and removes the scratch files. */
  @Override
  public void close() throws SQLException, IOException {
    if (closed) {
      return;
    }
    closed = true;
    events.close();
    babies.close();
    try (Statement s = connection.createStatement()) {
      // DuckDB cannot sniff an empty file
      if (eventCount > 0) {
        s.execute(
            "INSERT INTO events SELECT event_id, user_id, baby_id, event_type,"
                + " to_timestamp(started_at // 1000) + to_milliseconds(started_at % 1000),"
                + " to_timestamp(ended_at // 1000) + to_milliseconds(ended_at % 1000),"
                + " feed_method, amount_ml,"
                + " diaper_kind FROM read_csv("
                + quote(eventsCsv)
                + ", header = false, columns = {"
                + "'event_id': 'VARCHAR', 'user_id': 'VARCHAR', 'baby_id': 'VARCHAR',"
                + " 'event_type': 'VARCHAR', 'started_at': 'BIGINT', 'ended_at': 'BIGINT',"
                + " 'feed_method': 'VARCHAR', 'amount_ml': 'BIGINT', 'diaper_kind': 'VARCHAR'})");
      }
      if (babyCount > 0) {
        s.execute(
            "INSERT INTO babies SELECT * FROM read_csv("
                + quote(babiesCsv)
                + ", header = false,"
                + " columns = {'user_id': 'VARCHAR', 'baby_id': 'VARCHAR', 'birth_date': 'DATE'})");
      }
    } finally {
      Files.deleteIfExists(eventsCsv);
      Files.deleteIfExists(babiesCsv);
    }
  }

  /**
   * Epoch milliseconds: the event's second and, unless whole seconds, a millisecond drawn from what
   * the event is (not its id: a duplicate the app uploaded twice keeps the same times).
   */
  private long millis(long epochSecond, Event e, char side) {
    long ms =
        milliseconds
            ? Math.floorMod(
                java.util.Objects.hash(e.userId(), e.babyId(), e.type(), epochSecond, side), 1000)
            : 0;
    return epochSecond * 1000 + ms;
  }

  private static String quote(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}

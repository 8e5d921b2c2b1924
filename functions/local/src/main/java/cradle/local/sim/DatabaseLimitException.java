package cradle.local.sim;

import java.io.IOException;

/** A write the database refused because it broke one of its limits; nothing of it was applied. */
public final class DatabaseLimitException extends IOException {
  /** Which limit. */
  public enum Limit {
    WRITE_SIZE,
    WRITE_SIZE_LIMIT_ESTIMATE,
    WRITES_PER_SECOND,
    BYTES_PER_MINUTE
  }

  private final Limit limit;

  DatabaseLimitException(Limit limit, String message) {
    super(message);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}

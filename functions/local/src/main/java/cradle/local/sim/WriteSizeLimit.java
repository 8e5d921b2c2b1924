package cradle.local.sim;

import java.time.Duration;

/**
 * The Realtime Database's {@code defaultWriteSizeLimit}: it estimates how long each write will take
 * and aborts those whose estimate passes the target (firebase-tools' database settings; the REST
 * API's {@code writeSizeLimit}). "unlimited" lets writes of up to 256 MB through.
 */
public enum WriteSizeLimit {
  TINY(Duration.ofSeconds(1)),
  SMALL(Duration.ofSeconds(10)),
  MEDIUM(Duration.ofSeconds(30)),
  LARGE(Duration.ofSeconds(60)),
  UNLIMITED(null);

  private final Duration target;

  WriteSizeLimit(Duration target) {
    this.target = target;
  }

  /** The longest estimated write accepted; null when none is aborted. */
  public Duration target() {
    return target;
  }
}

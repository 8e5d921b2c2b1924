package cradle.shared;

/**
 * Not done yet, or a passing fault: the function throws so Pub/Sub redelivers the message with
 * backoff. Events older than the maximum age are dropped instead.
 */
public class RetryLaterException extends RuntimeException {
  private final boolean contended;

  public RetryLaterException(String message) {
    this(message, null, false);
  }

  public RetryLaterException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private RetryLaterException(String message, Throwable cause, boolean contended) {
    super(message, cause);
    this.contended = contended;
  }

  /**
   * Another delivery holds what this one needs (publish: the database's lease). Logged as a
   * WARNING, not as routine waiting: it is expected under concurrency but should be rare.
   */
  public static RetryLaterException contended(String message) {
    return new RetryLaterException(message, null, true);
  }

  public boolean contended() {
    return contended;
  }
}

package cradle.shared;

/**
 * Not done yet, or a passing fault: the function throws so Pub/Sub redelivers the message with
 * backoff. Events older than the maximum age are dropped instead.
 */
public class RetryLaterException extends RuntimeException {
  public RetryLaterException(String message) {
    super(message);
  }

  public RetryLaterException(String message, Throwable cause) {
    super(message, cause);
  }
}

package cradle.shared;

/**
 * A failure that another delivery of the same message cannot fix (invalid SQL, a notebook that
 * raised, a missing artifact): logged with its evidence and acknowledged, never retried.
 */
public class StageFailedException extends RuntimeException {
  public StageFailedException(String message) {
    super(message);
  }

  public StageFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

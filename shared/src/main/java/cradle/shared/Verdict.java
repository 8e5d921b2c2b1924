package cradle.shared;

/** What a failed delivery means for the message: Pub/Sub only knows "ack" and "redeliver". */
public enum Verdict {
  /** A passing fault: throw so Pub/Sub redelivers with backoff. */
  RETRY,
  /** Another delivery cannot help: log the evidence, emit a failure event, acknowledge. */
  FAIL,
  /** Retried long enough (older than the maximum event age): log, emit, acknowledge. */
  DROP
}

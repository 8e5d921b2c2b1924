package cradle.shared.reshape;

/**
 * A check of a reshaped row against a contract (e.g. the report's JSON Schema), applied before the
 * row reaches the consumer; a row that fails is rejected and counted like any other bad row.
 * Implementations must be thread-safe: one check serves every reshaping thread.
 */
@FunctionalInterface
public interface RowCheck {
  RowCheck NONE = row -> {};

  void check(KeyedRow row) throws RowRejectedException;
}

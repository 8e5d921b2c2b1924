package cradle.shared;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.BaseServiceException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/**
 * Sorts failures into passing faults (server errors, timeouts, rate limits: retry) and permanent
 * ones (invalid SQL, permission denied, a notebook that raised, a missing artifact, a bug: fail).
 */
public final class Failures {
  private static final Set<String> RETRYABLE_GRPC =
      Set.of(
          "UNAVAILABLE",
          "DEADLINE_EXCEEDED",
          "RESOURCE_EXHAUSTED",
          "INTERNAL",
          "ABORTED",
          "UNKNOWN");

  private Failures() {}

  public static Verdict verdict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetryLaterException) {
        return Verdict.RETRY;
      }
      if (t instanceof StageFailedException || t instanceof InvalidMessageException) {
        return Verdict.FAIL;
      }
      if (t instanceof ApiException api) {
        return api.isRetryable() || RETRYABLE_GRPC.contains(api.getStatusCode().getCode().name())
            ? Verdict.RETRY
            : Verdict.FAIL;
      }
      if (t instanceof BaseServiceException service) {
        int code = service.getCode();
        return service.isRetryable() || code == 429 || code >= 500 || code == 0
            ? Verdict.RETRY
            : Verdict.FAIL;
      }
    }
    if (e instanceof FileNotFoundException) {
      return Verdict.FAIL;
    }
    if (e instanceof IOException || e instanceof InterruptedIOException) {
      // network trouble: connection refused or reset, read timed out
      return Verdict.RETRY;
    }
    // a bug (NullPointerException, IllegalStateException, ...) fails the same way every time
    return Verdict.FAIL;
  }
}

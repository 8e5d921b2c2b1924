package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  private static Exception grpc(Status.Code code) {
    return ApiExceptionFactory.createException(
        new RuntimeException(code.name()), GrpcStatusCode.of(code), false);
  }

  private static Exception http(int code) {
    return new com.google.cloud.storage.StorageException(code, "HTTP " + code);
  }

  @Test
  void verdict_passingFaultsRetry() {
    for (Status.Code c :
        new Status.Code[] {
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.INTERNAL,
          Status.Code.ABORTED
        }) {
      assertEquals(Verdict.RETRY, Failures.verdict(grpc(c)), c.name());
    }
    assertEquals(Verdict.RETRY, Failures.verdict(http(503)));
    assertEquals(Verdict.RETRY, Failures.verdict(http(429)));
    assertEquals(Verdict.RETRY, Failures.verdict(new SocketTimeoutException("read timed out")));
    assertEquals(Verdict.RETRY, Failures.verdict(new RetryLaterException("job running")));
    assertEquals(
        Verdict.RETRY, Failures.verdict(new IOException("wrapped", grpc(Status.Code.UNAVAILABLE))));
  }

  @Test
  void verdict_permanentFaultsFail() {
    for (Status.Code c :
        new Status.Code[] {
          Status.Code.PERMISSION_DENIED,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.UNAUTHENTICATED
        }) {
      assertEquals(Verdict.FAIL, Failures.verdict(grpc(c)), c.name());
    }
    assertEquals(Verdict.FAIL, Failures.verdict(http(400)));
    assertEquals(Verdict.FAIL, Failures.verdict(http(403)));
    assertEquals(Verdict.FAIL, Failures.verdict(new StageFailedException("notebook raised")));
    assertEquals(Verdict.FAIL, Failures.verdict(new FileNotFoundException("gs://b/missing")));
    assertEquals(Verdict.FAIL, Failures.verdict(new NullPointerException()));
  }
}

package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.grpc.Status;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailuresTest {
  private static Exception grpc(Status.Code code) {
    return ApiExceptionFactory.createException(
        new RuntimeException(code.name()), GrpcStatusCode.of(code), false);
  }

  private static Exception http(int code) {
    return new com.google.cloud.storage.StorageException(code, "HTTP " + code);
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "INTERNAL", "ABORTED"})
  void verdict_passingGrpcFaultsRetry(Status.Code code) {
    assertEquals(Verdict.RETRY, Failures.verdict(grpc(code)));
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {
        "PERMISSION_DENIED",
        "INVALID_ARGUMENT",
        "NOT_FOUND",
        "FAILED_PRECONDITION",
        "UNAUTHENTICATED"
      })
  void verdict_permanentGrpcFaultsFail(Status.Code code) {
    assertEquals(Verdict.FAIL, Failures.verdict(grpc(code)));
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 429})
  void verdict_passingHttpFaultsRetry(int code) {
    assertEquals(Verdict.RETRY, Failures.verdict(http(code)));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403})
  void verdict_permanentHttpFaultsFail(int code) {
    assertEquals(Verdict.FAIL, Failures.verdict(http(code)));
  }

  static Stream<Exception> passingFaults() {
    return Stream.of(
        new SocketTimeoutException("read timed out"),
        new RetryLaterException("job running"),
        new IOException("wrapped", grpc(Status.Code.UNAVAILABLE)));
  }

  @ParameterizedTest
  @MethodSource("passingFaults")
  void verdict_passingFaultsRetry(Exception fault) {
    assertEquals(Verdict.RETRY, Failures.verdict(fault));
  }

  static Stream<Exception> permanentFaults() {
    return Stream.of(
        new StageFailedException("notebook raised"),
        new FileNotFoundException("gs://b/missing"),
        new NullPointerException());
  }

  @ParameterizedTest
  @MethodSource("permanentFaults")
  void verdict_permanentFaultsFail(Exception fault) {
    assertEquals(Verdict.FAIL, Failures.verdict(fault));
  }
}

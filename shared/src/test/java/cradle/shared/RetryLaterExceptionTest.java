package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryLaterExceptionTest {
  @Test
  void contended_isMarkedAsContended_routineWaitingIsNot() {
    RetryLaterException lease = RetryLaterException.contended("lease held by run r2");
    IllegalStateException cause = new IllegalStateException("503");
    RetryLaterException waiting = new RetryLaterException("job still running");
    RetryLaterException fault = new RetryLaterException("storage unavailable", cause);

    assertTrue(lease.contended());
    assertEquals("lease held by run r2", lease.getMessage());
    assertNull(lease.getCause());
    assertFalse(waiting.contended());
    assertFalse(fault.contended());
    assertSame(cause, fault.getCause());
  }
}

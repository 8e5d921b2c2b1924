package cradle.shared.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookExecutorStateTest {
  @Test
  void terminal_everyStateButRunning() {
    assertEquals(
        List.of(
            NotebookExecutor.State.SUCCEEDED,
            NotebookExecutor.State.FAILED,
            NotebookExecutor.State.CANCELLED),
        Arrays.stream(NotebookExecutor.State.values())
            .filter(NotebookExecutor.State::terminal)
            .toList());
  }
}

package cradle.await;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookErrorsTest {
  @Test
  void firstError_findsTheFirstErrorOutput() {
    String nb =
        "{\"cells\":[{\"cell_type\":\"markdown\",\"source\":[]},"
            + "{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"stream\",\"text\":\"ok\"}]},"
            + "{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"error\",\"ename\":\"KeyError\",\"evalue\":\"'sleep_min'\",\"traceback\":[]}]},"
            + "{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"error\",\"ename\":\"NameError\",\"evalue\":\"report\",\"traceback\":[]}]}]}";

    assertEquals(Optional.of("cell 3: KeyError: 'sleep_min'"), NotebookErrors.firstError(nb));
  }

  @Test
  void firstError_cleanNotebook_none() {
    assertEquals(
        Optional.empty(),
        NotebookErrors.firstError(
            "{\"cells\":[{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"execute_result\"}]}]}"));
  }

  @Test
  void firstError_notJson_isItselfAnError() {
    assertEquals(
        Optional.of("the executed notebook is not JSON: Not a JSON Object: \"<html>\""),
        NotebookErrors.firstError("<html>"));
  }
}

package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPathTest {
  @Test
  void parse_namesTheFieldsInOrder_andPrintsAsWritten() {
    KeyPath path = KeyPath.parse("user_id/baby_id");

    assertEquals(List.of("user_id", "baby_id"), path.fields());
    assertEquals(2, path.depth());
    assertEquals("user_id/baby_id", path.toString());
  }

  @Test
  void parse_emptyFieldAnywhere_isRefusedWithAnExample() {
    for (String bad : List.of("", "user_id/", "/baby_id", "a//b", " ")) {
      assertEquals(
          "'" + bad + "' has an empty field name (write e.g. user_id/baby_id)",
          assertThrows(IllegalArgumentException.class, () -> KeyPath.parse(bad)).getMessage());
    }
  }
}

package cradle.shared.reshape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseKeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"uid_123", "赤ちゃん", "baby-1", "😀", "a b", "-Nx_0"})
  void problem_validKeys_none(String key) {
    assertNull(DatabaseKeys.problem(key));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a.b|key 'a.b' contains '.'",
        "a$b|key 'a$b' contains '$'",
        "a#b|key 'a#b' contains '#'",
        "a[b|key 'a[b' contains '['",
        "a]b|key 'a]b' contains ']'",
        "a/b|key 'a/b' contains '/'"
      })
  void problem_forbiddenCharacters_named(String key, String expected) {
    assertEquals(expected, DatabaseKeys.problem(key));
  }

  @org.junit.jupiter.api.Test
  void problem_controlCharactersEmptyAndLength() {
    assertEquals("key 'a\\u0009b' contains control character U+0009", DatabaseKeys.problem("a\tb"));
    assertEquals(
        "key 'x\\u007f' contains control character U+007F", DatabaseKeys.problem("x\u007f"));
    assertEquals("key is empty", DatabaseKeys.problem(""));
    assertNull(DatabaseKeys.problem("a".repeat(768)));
    assertEquals("key of 769 bytes is longer than 768", DatabaseKeys.problem("a".repeat(769)));
    // 256 three-byte characters are 768 bytes; one more is over
    assertNull(DatabaseKeys.problem("あ".repeat(256)));
    assertEquals("key of 771 bytes is longer than 768", DatabaseKeys.problem("あ".repeat(257)));
  }
}

package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.RunMessage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VertexJobIdTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cradle-notebook-2026-11-25-31db15db",
        "cradle-notebook-0",
        "cradle-notebook-backfill",
      })
  void of_aValidId_staysAsItIs(String name) {
    assertEquals(name, VertexJobId.of(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // what an operator's --run-id can make: 63 characters after the 16-character prefix
        "cradle-notebook-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "cradle-notebook-2026-11-25-",
        "cradle-notebook-----------------------------------------------------------------",
        "cradle-notebook-0123456789-0123456789-0123456789-0123456789-0123",
        "9-starts-with-a-digit",
        "Upper_Case.And.Dots",
      })
  void of_anyOtherName_isBoundedValidAndStable(String name) {
    String id = VertexJobId.of(name);

    assertTrue(VertexJobId.VALID.matcher(id).matches(), id);
    assertTrue(id.length() <= 63, id);
    assertEquals(id, VertexJobId.of(name));
  }

  @Test
  void of_everyRunIdAnOperatorMayChoose_givesAValidId_andDistinctRunsDistinctIds() {
    Random random = new Random(11);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
    Set<String> ids = new HashSet<>();
    Set<String> runIds = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      int length = 1 + random.nextInt(63);
      StringBuilder runId = new StringBuilder();
      runId.append(alphabet.charAt(random.nextInt(36)));
      while (runId.length() < length) {
        runId.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertTrue(RunMessage.RUN_ID.matcher(runId).matches(), runId.toString());
      if (!runIds.add(runId.toString())) {
        continue;
      }
      String id = VertexJobId.of("cradle-notebook-" + runId);
      assertTrue(VertexJobId.VALID.matcher(id).matches(), runId + " -> " + id);
      ids.add(id);
    }
    assertEquals(runIds.size(), ids.size(), "two runs would share a notebook job");
  }

  @Test
  void of_twoLongRunIdsThatShareTheirStart_differ() {
    String common = "cradle-notebook-" + "a".repeat(50);
    assertNotEquals(VertexJobId.of(common + "-one"), VertexJobId.of(common + "-two"));
  }
}

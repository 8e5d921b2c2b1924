package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StageTest {
  @Test
  void next_followsTheRunOrder_andPublishIsLast() {
    assertEquals(Optional.of(Stage.NOTEBOOK), Stage.ANALYZE.next());
    assertEquals(Optional.of(Stage.AWAIT), Stage.NOTEBOOK.next());
    assertEquals(Optional.of(Stage.PUBLISH), Stage.AWAIT.next());
    assertEquals(Optional.empty(), Stage.PUBLISH.next());
  }

  @Test
  void fromId_readsTheLowerCaseId_only() {
    assertEquals(Optional.of(Stage.AWAIT), Stage.fromId("await"));
    assertEquals(Optional.empty(), Stage.fromId("AWAIT"));
    assertEquals(Optional.empty(), Stage.fromId("report"));
    assertEquals("analyze, notebook, await, publish", Stage.allIds());
  }
}

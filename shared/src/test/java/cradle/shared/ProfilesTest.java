package cradle.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.port.HandOff;
import cradle.shared.port.Warehouse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The profile named by CRADLE_PROFILE, found among those on the classpath (here: the fake). */
class ProfilesTest {
  @Test
  void find_byNameAndPorts_onlyAProfileSupplyingEveryPortMatches() {
    assertEquals("fake", Profiles.find("fake", Set.of(HandOff.class)).orElseThrow().name());
    assertEquals("fake", Profiles.find("fake", Set.of()).orElseThrow().name());
    assertTrue(Profiles.find("fake", Set.of(HandOff.class, Warehouse.class)).isEmpty());
    assertTrue(Profiles.find("cloud", Set.of()).isEmpty());
  }

  @Test
  void available_namesTheProfilesOnTheClasspath() {
    assertEquals("fake", Profiles.available());
  }
}

package cradle.shared.testing;

import cradle.shared.RunMessage;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.HandOff;
import cradle.shared.port.PortAdapters;
import cradle.shared.port.Profile;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code CRADLE_PROFILE=fake}: records hand-offs in memory, for tests of the entry point. */
public final class FakeProfile implements Profile {
  public static final List<RunMessage> PUBLISHED = new CopyOnWriteArrayList<>();
  public static final List<cradle.shared.RunEvent> EVENTS = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public java.util.Set<Class<?>> provides() {
    return java.util.Set.of(HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, java.util.Set<Class<?>> ports) {
    HandOff handOff =
        message -> {
          PUBLISHED.add(message);
          return "fake-" + PUBLISHED.size();
        };
    return PortAdapters.builder().handOff(handOff).events(EVENTS::add).build();
  }
}

package cradle.shared;

import cradle.shared.port.Profile;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the {@link Profile} named by {@code CRADLE_PROFILE} among those on the classpath. */
public final class Profiles {
  private Profiles() {}

  public static Optional<Profile> find(String name) {
    return ServiceLoader.load(Profile.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .findFirst();
  }

  public static String available() {
    String names =
        ServiceLoader.load(Profile.class).stream()
            .map(p -> p.get().name())
            .sorted()
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }
}

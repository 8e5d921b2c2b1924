package cradle.shared;

import cradle.shared.port.Profile;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/** Finds the {@link Profile} named by {@code CRADLE_PROFILE} among those on the classpath. */
public final class Profiles {
  private Profiles() {}

  /**
   * Looks where Cradle's own classes were loaded from: the Functions Framework loads a function in
   * a class loader of its own, which the thread's context class loader does not see.
   */
  private static ServiceLoader<Profile> loader() {
    return ServiceLoader.load(Profile.class, Profiles.class.getClassLoader());
  }

  /** The first profile called {@code name} that supplies all of {@code ports}. */
  public static Optional<Profile> find(String name, Set<Class<?>> ports) {
    return loader().stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name) && p.provides().containsAll(ports))
        .findFirst();
  }

  public static String available() {
    String names =
        loader().stream().map(p -> p.get().name()).sorted().collect(Collectors.joining(", "));
    return names.isEmpty() ? "none" : names;
  }
}

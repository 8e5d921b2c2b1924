package cradle.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The stages of one run, in order. Each has its own function and its own Pub/Sub topic. */
public enum Stage {
  ANALYZE,
  NOTEBOOK,
  AWAIT,
  PUBLISH;

  /** The lower-case name used in messages, topics, labels and logs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stage that runs after this one, if any. */
  public Optional<Stage> next() {
    int i = ordinal() + 1;
    return i < values().length ? Optional.of(values()[i]) : Optional.empty();
  }

  public static Optional<Stage> fromId(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }

  public static String allIds() {
    return Arrays.stream(values()).map(Stage::id).collect(Collectors.joining(", "));
  }
}

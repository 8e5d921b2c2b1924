package cradle.shared;

import java.util.List;

/**
 * A message that can never succeed, however often it is delivered: it is logged and acknowledged.
 * Each problem names the field it is about.
 */
public final class InvalidMessageException extends RuntimeException {
  private final List<String> problems;

  public InvalidMessageException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidMessageException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}

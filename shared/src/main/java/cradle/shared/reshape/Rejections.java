package cradle.shared.reshape;

import cradle.shared.reshape.RowRejectedException.Reason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Counts of rejected rows by reason, with the first few examples kept as evidence. */
public final class Rejections {
  private static final int EXAMPLES = 5;
  private final Map<Reason, Long> counts = new EnumMap<>(Reason.class);
  private final List<String> examples = new ArrayList<>();
  private final Map<Reason, String> firstByReason = new EnumMap<>(Reason.class);

  public void add(String source, long line, RowRejectedException e) {
    counts.merge(e.reason(), 1L, Long::sum);
    String example = source + " line " + line + ": " + e.getMessage();
    if (examples.size() < EXAMPLES) {
      examples.add(example);
    }
    firstByReason.putIfAbsent(e.reason(), example);
  }

  /** The first row rejected for {@code reason}, where and why; empty when none was. */
  public Optional<String> first(Reason reason) {
    return Optional.ofNullable(firstByReason.get(reason));
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<String, Long> countsByReason() {
    return counts.entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().text(), Map.Entry::getValue));
  }

  public List<String> examples() {
    return List.copyOf(examples);
  }

  /** One line: "3 rows rejected (2 invalid key, 1 not a JSON object); first: ...". */
  public String summary() {
    String byReason =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().text())
            .collect(Collectors.joining(", "));
    return total()
        + (total() == 1 ? " row" : " rows")
        + " rejected ("
        + byReason
        + ")"
        + (examples.isEmpty() ? "" : "; first: " + examples.get(0));
  }
}

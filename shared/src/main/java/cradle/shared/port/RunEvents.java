package cradle.shared.port;

import cradle.shared.RunEvent;

/**
 * Where run events go so operators can see every run: the events topic (and from there the runs
 * table) in the cloud, {@code events.jsonl} locally. Best effort: a lost event is logged, never
 * allowed to fail a stage.
 */
@FunctionalInterface
public interface RunEvents {
  RunEvents NONE = event -> {};

  void emit(RunEvent event);
}

package cradle.local.generate;

import java.util.ArrayList;
import java.util.List;

/** Everything one run of the generator wrote, kept in memory. */
public record RecordedLog(List<Baby> babies, List<Event> events, List<Truth> truths) {
  /** The log {@code spec} describes, as {@link ActivityGenerator} writes it. */
  public static RecordedLog of(GenerationSpec spec) throws Exception {
    RecordedLog log = new RecordedLog(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    new ActivityGenerator(spec.seed(), spec.zone(), spec.logging())
        .generate(
            spec.babies(),
            spec.days(),
            spec.end(),
            new ActivityGenerator.Sink() {
              @Override
              public void baby(Baby baby) {
                log.babies.add(baby);
              }

              @Override
              public void event(Event event) {
                log.events.add(event);
              }

              @Override
              public void truth(Truth truth) {
                log.truths.add(truth);
              }
            });
    return log;
  }
}

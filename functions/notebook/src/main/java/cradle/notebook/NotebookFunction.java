package cradle.notebook;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
import cradle.shared.port.Profile;
import java.time.Clock;
import java.util.Map;

/** Cloud Function entry point of the notebook stage (Pub/Sub topic {@code <prefix>-notebook}). */
public final class NotebookFunction extends StageFunction {
  public NotebookFunction() {
    this(System.getenv(), Clock.systemUTC());
  }

  public NotebookFunction(Map<String, String> env, Clock clock) {
    super(Stage.NOTEBOOK, env, clock, NotebookStage.FACTORY);
  }

  /** With a given profile instead of the one on the classpath (tests: clients are doubles). */
  public NotebookFunction(Map<String, String> env, Clock clock, Profile profile) {
    super(Stage.NOTEBOOK, env, clock, NotebookStage.FACTORY, profile);
  }
}

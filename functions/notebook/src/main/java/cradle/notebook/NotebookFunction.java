package cradle.notebook;

import cradle.shared.Stage;
import cradle.shared.StageFunction;
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
}

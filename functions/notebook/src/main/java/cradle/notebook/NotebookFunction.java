package cradle.notebook;

import cradle.shared.Stage;
import cradle.shared.StageFunction;

/** Cloud Function entry point of the notebook stage (Pub/Sub topic {@code <prefix>-notebook}). */
public final class NotebookFunction extends StageFunction {
  /** The stage and its handler's factory, for code that builds this function itself. */
  public static final Entry ENTRY = new Entry(Stage.NOTEBOOK, NotebookStage.FACTORY);

  public NotebookFunction() {
    super(ENTRY);
  }
}

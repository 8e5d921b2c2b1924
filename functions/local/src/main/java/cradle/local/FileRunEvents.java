package cradle.local;

import cradle.shared.RunEvent;
import cradle.shared.port.RunEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Run events of the local profile: one JSON line each in {@code <local dir>/events.jsonl}. */
public final class FileRunEvents implements RunEvents {
  private final LineFile file;

  public FileRunEvents(Path file) {
    this.file = new LineFile(file);
  }

  @Override
  public synchronized void emit(RunEvent event) {
    try {
      Files.createDirectories(file.path().toAbsolutePath().getParent());
      file.append(event.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every event written so far, oldest first; torn lines (a crash mid-write) are skipped. */
  public List<RunEvent> read() throws IOException {
    return readAll().items();
  }

  /** Every event written so far, and which lines were skipped as torn. */
  public LineFile.Contents<RunEvent> readAll() throws IOException {
    return file.read(RunEvent::fromJson);
  }
}

package cradle.local;

import cradle.shared.RunEvent;
import cradle.shared.port.RunEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Run events of the local profile: one JSON line each in {@code <local dir>/events.jsonl}. */
public final class FileRunEvents implements RunEvents {
  private final Path file;

  public FileRunEvents(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void emit(RunEvent event) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          event.toJson() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every event written so far, oldest first. */
  public List<RunEvent> read() throws IOException {
    List<RunEvent> events = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          events.add(RunEvent.fromJson(line));
        }
      }
    }
    return events;
  }
}

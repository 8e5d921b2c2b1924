package cradle.local;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Shared wording for the local profile's file failures. */
final class LocalFiles {
  private LocalFiles() {}

  /**
   * The failure with the file it concerns in its message: a write cut short by a full disk says
   * only "No space left on device".
   */
  static IOException naming(Path file, IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return e;
    }
    return new IOException("cannot write " + file + ": " + e.getMessage(), e);
  }
}

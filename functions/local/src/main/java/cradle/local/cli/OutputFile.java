package cradle.local.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A file a command writes, replaced whole or not at all: the content goes to a temporary file next
 * to it, which replaces the target (by an atomic rename) only on {@link #commit()}. A command that
 * fails, or decides its result is not worth keeping, closes without committing and the old file
 * stays as it was. Only a regular file (or nothing) is ever replaced: a directory or a device such
 * as /dev/full given by mistake is refused before any work starts, since renaming over it would
 * destroy it.
 */
final class OutputFile implements AutoCloseable {
  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-r--r--");
  private final Path target;
  private final Path shown;
  private final Path tmp;
  private final FileChannel channel;
  private final OutputStream stream;
  private boolean committed;

  private OutputFile(Path shown, Path target) throws IOException {
    this.shown = shown;
    this.target = target;
    this.tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
    this.stream =
        new BufferedOutputStream(new Named(Channels.newOutputStream(channel), shown), 1 << 16);
  }

  /**
   * Checks {@code file} (given as {@code option}) and opens its temporary file.
   *
   * @throws picocli.CommandLine.ParameterException when it names something other than a regular
   *     file, or a directory that does not exist
   */
  static OutputFile open(CommandSpec spec, String option, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.exists(target)) {
      if (Files.isDirectory(target)) {
        throw OptionChecks.usage(spec, option + " " + file + " is a directory; give a file name");
      }
      if (!Files.isRegularFile(target)) {
        throw OptionChecks.usage(
            spec, option + " " + file + " is not a regular file (a device?); give a file name");
      }
      // write through a symbolic link, not over it
      target = target.toRealPath();
    } else if (!Files.isDirectory(target.getParent())) {
      throw OptionChecks.usage(
          spec, option + " " + file + ": directory " + target.getParent() + " does not exist");
    }
    return new OutputFile(file, target);
  }

  OutputStream stream() {
    return stream;
  }

  /** The path as the user gave it. */
  Path shown() {
    return shown;
  }

  /** Makes the written content the file's, durably and at once. */
  void commit() throws IOException {
    stream.flush();
    channel.force(true);
    stream.close();
    Set<PosixFilePermission> mode =
        Files.exists(target, LinkOption.NOFOLLOW_LINKS)
            ? Files.getPosixFilePermissions(target)
            : NEW_FILE;
    Files.setPosixFilePermissions(tmp, mode);
    // the temporary file is in the target's directory: a rename, which replaces at once
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
  }

  /** Without {@link #commit()}: drops what was written and leaves the target untouched. */
  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // a full disk fails the flush too; the temporary file goes either way
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Says which file a write failed for: "tree.json: No space left on device". */
  private static final class Named extends FilterOutputStream {
    private final Path shown;

    Named(OutputStream out, Path shown) {
      super(out);
      this.shown = shown;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new IOException(shown + ": " + e.getMessage(), e);
      }
    }
  }
}

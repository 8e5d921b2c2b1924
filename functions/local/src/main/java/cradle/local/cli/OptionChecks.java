package cradle.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of the paths a command is given, before it starts work: each mistake is a usage error
 * naming the option and the path as the user typed it (relative to the directory they are in).
 */
final class OptionChecks {
  private OptionChecks() {}

  /** A file to read: it must exist, be readable and not be a directory. */
  static Path inputFile(CommandSpec spec, String option, Path file) {
    if (!Files.exists(file)) {
      throw usage(spec, option + " " + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw usage(spec, option + " " + file + " is a directory; give a file");
    }
    if (!Files.isReadable(file)) {
      throw usage(spec, option + " " + file + ": permission denied");
    }
    return file;
  }

  /** A directory to write in: absent (it will be made) or a directory. */
  static Path outputDirectory(CommandSpec spec, String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw usage(spec, option + " " + dir + " is not a directory");
    }
    return dir;
  }

  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}

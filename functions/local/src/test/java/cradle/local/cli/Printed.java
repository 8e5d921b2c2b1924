package cradle.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** What a command printed on standard output and standard error, and its exit code. */
record Printed(int code, String out, String err) {
  /** {@code ./cradle} with {@code args}. */
  static Printed cradle(String... args) {
    return by(() -> CradleCli.execute(args));
  }

  /** {@code ./cradle} with {@code args}, reaching a deployed Cradle through {@code cloud}. */
  static Printed cradle(CloudClients cloud, String... args) {
    return by(() -> CradleCli.execute(cloud, args));
  }

  /**
   * Runs {@code command} with {@code System.out} and {@code System.err} captured (one at a time:
   * the streams are the JVM's).
   */
  static synchronized Printed by(IntSupplier command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = command.getAsInt();
      return new Printed(
          code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}

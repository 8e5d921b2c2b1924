package cradle.shared.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Realtime Database protocol peer for tests: npm {@code firebase-server@1.1.0} (with {@code
 * firebase@8.10.1}), installed at the repository root by {@code npm ci}. It speaks the websocket
 * protocol the Admin SDK uses; it is slow past a few thousand nodes and hangs on invalid keys, so
 * it is for protocol truth, not for limits or speed.
 */
public final class FirebaseServerPeer implements AutoCloseable {
  /**
   * Runs the server script but exits when its standard input ends: when the JVM that started it
   * dies without running its shutdown hooks (PIT kills a minion that times out), the pipe closes
   * and the server goes with it instead of living on, one more for every killed JVM.
   */
  private static final String EXIT_WITH_PARENT =
      "process.stdin.on('end', () => process.exit(0)).resume();"
          + " require(require('path').resolve(process.argv[1]));";

  private final Process process;
  private final int port;
  private final Path log;

  private FirebaseServerPeer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static FirebaseServerPeer start() throws IOException, InterruptedException {
    Path script = root().resolve("node_modules/firebase-server/bin/firebase-server.js");
    if (!Files.exists(script)) {
      throw new IllegalStateException(script + " is missing: run `npm ci` at the repository root");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("firebase-server-", ".log");
    Process p =
        new ProcessBuilder(
                "node",
                "-e",
                EXIT_WITH_PARENT,
                "--",
                script.toString(),
                "-p",
                Integer.toString(port),
                "-a",
                "127.0.0.1",
                "-e",
                "-n",
                "127.0.0.1:" + port,
                "-s",
                "owner")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    FirebaseServerPeer peer = new FirebaseServerPeer(p, port, log);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("firebase-server exited: " + Files.readString(log));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return peer;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    peer.close();
    throw new IllegalStateException("firebase-server did not listen on " + port);
  }

  /** {@code host:port}, the value of FIREBASE_DATABASE_EMULATOR_HOST. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("package.json"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no package.json above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}

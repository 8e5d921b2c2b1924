package cradle.shared.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FirebaseServerPeerTest {
  /** Starts a peer, says where it listens, and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      FirebaseServerPeer peer = FirebaseServerPeer.start();
      System.out.println(peer.host());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  void aPeerOutlivesNoJvmThatStartedIt_evenOneKilledWithoutShutdownHooks() throws Exception {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String host;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      host = out.readLine();
      assertTrue(host != null && listening(host), "the peer listens at " + host);

      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no hook runs

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (listening(host) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(listening(host), "the peer at " + host + " still listens after its JVM died");
    } finally {
      holder.destroyForcibly();
    }
  }

  private static boolean listening(String host) {
    String[] hostPort = host.split(":");
    try (Socket ignored = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

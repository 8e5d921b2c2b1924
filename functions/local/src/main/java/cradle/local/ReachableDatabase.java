package cradle.local;

import cradle.shared.config.Redactor;
import cradle.shared.port.ForwardingReportSink;
import cradle.shared.port.ReportSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A database emulator's sink that first checks the emulator answers at all. The Admin SDK
 * reconnects in silence to a host that is down, so without this a dead emulator shows only as each
 * request's full timeout; a refused or unanswered connection now fails within {@code
 * connectTimeout}, naming the host, as a passing fault (the stage is redelivered, and each
 * redelivery is logged at WARNING).
 */
final class ReachableDatabase extends ForwardingReportSink {
  private final String hostAndPort;
  private final Duration connectTimeout;
  private boolean reached;

  ReachableDatabase(String hostAndPort, Duration connectTimeout, ReportSink database) {
    super(database);
    this.hostAndPort = hostAndPort;
    this.connectTimeout = connectTimeout;
  }

  @Override
  protected synchronized void beforeEachCall() throws IOException {
    if (reached) {
      return;
    }
    int colon = hostAndPort.lastIndexOf(':');
    String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    int port = colon < 0 ? 80 : Integer.parseInt(hostAndPort.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      reached = true;
    } catch (IOException e) {
      throw new IOException(
          "database emulator at "
              + Redactor.redact(hostAndPort)
              + " unreachable within "
              + connectTimeout.toSeconds()
              + " s: "
              + e.getMessage(),
          e);
    }
  }
}

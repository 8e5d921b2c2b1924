package cradle.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One function served by the Functions Framework invoker in its own JVM, as Cloud Functions runs
 * it.
 */
final class InvokerProcess implements AutoCloseable {
  static final Path JAR = Path.of("target/invoker/java-function-invoker.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final int port;
  final Path output;
  final long readyMillis;
  private final Process process;

  private InvokerProcess(Process process, int port, Path output, long readyMillis) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.readyMillis = readyMillis;
  }

  /** Starts the invoker and waits for its "URL:" line; readyMillis is the cold start. */
  static InvokerProcess start(String classpath, String target, Map<String, String> env, Path output)
      throws Exception {
    if (!Files.exists(JAR)) {
      throw new AssertionError("the build copies the invoker to " + JAR);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--classpath",
                classpath,
                "--target",
                target,
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().putAll(env);
    long started = System.nanoTime();
    Process p = pb.start();
    long deadline = started + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      String out = Files.readString(output);
      if (out.lines().anyMatch(l -> l.contains("URL:"))) {
        return new InvokerProcess(p, port, output, (System.nanoTime() - started) / 1_000_000);
      }
      if (!p.isAlive()) {
        throw new AssertionError(target + " invoker exited with " + p.exitValue() + ":\n" + out);
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError(target + " invoker not ready:\n" + Files.readString(output));
  }

  /** POSTs a Pub/Sub envelope as a binary-mode CloudEvent. */
  HttpResponse<String> binary(String envelope, String id, String topic) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("ce-id", id)
            .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
            .header("ce-source", "//pubsub.googleapis.com/projects/local/topics/" + topic)
            .header("ce-specversion", "1.0")
            .header("ce-time", Instant.now().toString())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(envelope))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String log() throws IOException {
    return Files.readString(output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

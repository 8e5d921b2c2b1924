package cradle.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
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

  /** The cold start: from the launch to the "URL:" line, once {@link #awaitReady} returned. */
  long readyMillis;

  private final Process process;
  private final String target;
  private final long launched;

  private InvokerProcess(Process process, String target, int port, Path output, long launched) {
    this.process = process;
    this.target = target;
    this.port = port;
    this.output = output;
    this.launched = launched;
  }

  /** Starts the invoker and waits for its "URL:" line. */
  static InvokerProcess start(String classpath, String target, Map<String, String> env, Path output)
      throws Exception {
    InvokerProcess invoker = launch(classpath, target, env, output);
    invoker.awaitReady();
    return invoker;
  }

  /** Starts the invoker without waiting for it, so that several can start at once. */
  static InvokerProcess launch(
      String classpath, String target, Map<String, String> env, Path output) throws Exception {
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
    return new InvokerProcess(pb.start(), target, port, output, started);
  }

  /** Waits (at most 90 s) for the invoker's "URL:" line; fails with its output if it exits. */
  void awaitReady() throws Exception {
    long deadline = launched + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      String out = log();
      if (out.lines().anyMatch(l -> l.contains("URL:"))) {
        readyMillis = (System.nanoTime() - launched) / 1_000_000;
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            target + " invoker exited with " + process.exitValue() + ":\n" + out);
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError(target + " invoker not ready:\n" + log());
  }

  private URI uri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  private static String source(String topic) {
    return "//pubsub.googleapis.com/projects/local/topics/" + topic;
  }

  /** POSTs a Pub/Sub envelope as a binary-mode CloudEvent. */
  HttpResponse<String> binary(String envelope, String id, String topic) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri())
            .header("ce-id", id)
            .header("ce-type", PubSubMessage.EVENT_TYPE)
            .header("ce-source", source(topic))
            .header("ce-specversion", "1.0")
            .header("ce-time", Instant.now().toString())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(envelope))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs a Pub/Sub envelope as a structured-mode CloudEvent. */
  HttpResponse<String> structured(String envelope, String id, String topic) throws Exception {
    JsonObject event = new JsonObject();
    event.addProperty("specversion", "1.0");
    event.addProperty("id", id);
    event.addProperty("type", PubSubMessage.EVENT_TYPE);
    event.addProperty("source", source(topic));
    event.addProperty("time", Instant.now().toString());
    event.addProperty("datacontenttype", "application/json");
    event.add("data", JsonParser.parseString(envelope));
    return HTTP.send(
        HttpRequest.newBuilder(uri())
            .header("Content-Type", "application/cloudevents+json")
            .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
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

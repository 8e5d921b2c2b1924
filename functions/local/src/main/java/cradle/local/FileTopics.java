package cradle.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import cradle.shared.PubSubMessage;
import cradle.shared.RunMessage;
import cradle.shared.RunMessageCodec;
import cradle.shared.Stage;
import cradle.shared.port.HandOff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The local stand-in for Pub/Sub: each topic is a directory and each published message a file
 * holding exactly the push envelope a subscription would deliver ({@code
 * <dir>/pubsub/<stage>/<time>-<id>.json}). The local runner delivers them in order.
 */
public final class FileTopics implements HandOff {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private final Path root;
  private final Clock clock;

  public FileTopics(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  @Override
  public String publish(RunMessage message) throws IOException {
    String id = UUID.randomUUID().toString();
    PubSubMessage encoded = RunMessageCodec.encode(message, id);
    PubSubMessage published =
        new PubSubMessage(id, clock.instant(), encoded.attributes(), encoded.data());
    Path dir = topic(message.stage());
    Files.createDirectories(dir);
    String name =
        String.format(
            "%013d-%06d-%s.json", clock.millis(), SEQUENCE.incrementAndGet() % 1_000_000, id);
    Path tmp = Files.createTempFile(dir, ".publish-", ".tmp");
    try {
      Files.writeString(
          tmp, published.toEventData("local/" + message.stage().id()), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LocalFiles.naming(dir.resolve(name), e);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return id;
  }

  public Path topic(Stage stage) {
    return root.resolve(stage.id());
  }

  /**
   * Moves a waiting message that cannot be read (torn by a crash) out of the way, to {@code
   * <topic>/torn/}, so it blocks no later run and stays for a look.
   *
   * @return where it went
   */
  public Path quarantine(Path message) throws IOException {
    Path torn = Files.createDirectories(message.resolveSibling("torn"));
    return Files.move(
        message, torn.resolve(message.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * When run {@code runId} began, as its messages on any topic (waiting or delivered) say: the
   * start a run continued from a later stage keeps, so its publish is ordered as the run it is.
   * Empty when none of them records it.
   */
  public Optional<Instant> startedAt(String runId) throws IOException {
    Optional<Instant> earliest = Optional.empty();
    for (Stage stage : Stage.values()) {
      for (Path dir : List.of(topic(stage), topic(stage).resolve("delivered"))) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
            Optional<Instant> started = startedAt(file, runId);
            if (started.isPresent()
                && (earliest.isEmpty() || started.get().isBefore(earliest.get()))) {
              earliest = started;
            }
          }
        }
      }
    }
    return earliest;
  }

  private static Optional<Instant> startedAt(Path envelope, String runId) throws IOException {
    try {
      PubSubMessage message =
          PubSubMessage.fromCloudEvent(
              PubSubEvents.fromEnvelope(Files.readString(envelope, StandardCharsets.UTF_8), "-"));
      if (!runId.equals(message.attributes().get(RunMessageCodec.ATTR_RUN_ID))) {
        return Optional.empty();
      }
      JsonElement started =
          JsonParser.parseString(message.dataAsText()).getAsJsonObject().get("started_at");
      return started == null || started.isJsonNull()
          ? Optional.empty()
          : Optional.of(Instant.parse(started.getAsString()));
    } catch (RuntimeException torn) {
      // a torn or hand-written file says nothing about when the run began
      return Optional.empty();
    }
  }

  /** The messages waiting on a stage's topic, oldest first. */
  public List<Path> pending(Stage stage) throws IOException {
    Path dir = topic(stage);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
  }
}

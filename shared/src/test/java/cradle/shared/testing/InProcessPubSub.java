package cradle.shared.testing;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import cradle.shared.cloud.PubSubHandOff;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Pub/Sub Publisher service in this process (gRPC in-process transport): the real client library
 * talks to it, and the test reads exactly what arrived.
 */
public final class InProcessPubSub implements AutoCloseable {
  /** One message as the service received it. */
  public record Received(String topic, PubsubMessage message) {}

  private final String name = "pubsub-" + UUID.randomUUID();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final Server server;
  private final ManagedChannel channel;
  private volatile Status failWith;

  public InProcessPubSub() throws IOException {
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new PublisherGrpc.PublisherImplBase() {
                  @Override
                  public void publish(
                      PublishRequest request, StreamObserver<PublishResponse> response) {
                    if (failWith != null) {
                      response.onError(failWith.asRuntimeException());
                      return;
                    }
                    PublishResponse.Builder ok = PublishResponse.newBuilder();
                    for (PubsubMessage m : request.getMessagesList()) {
                      received.add(new Received(request.getTopic(), m));
                      ok.addMessageIds(Long.toString(ids.incrementAndGet()));
                    }
                    response.onNext(ok.build());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  public PubSubHandOff.PublisherFactory publishers() {
    return topic ->
        Publisher.newBuilder(topic)
            .setChannelProvider(
                FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** What arrived on one topic ({@code projects/P/topics/T}), in order. */
  public List<Received> receivedOn(String topic) {
    return received.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  /** The run events (on the events topic) by their "event" attribute, in order. */
  public List<String> events(String topic) {
    return receivedOn(topic).stream()
        .map(r -> r.message().getAttributesOrDefault("event", "?"))
        .toList();
  }

  /** Makes every later publish fail with {@code status} (null: succeed again). */
  public void failWith(Status status) {
    this.failWith = status;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}

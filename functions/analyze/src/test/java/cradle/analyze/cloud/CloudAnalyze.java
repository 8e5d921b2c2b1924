package cradle.analyze.cloud;

import com.google.cloud.bigquery.BigQuery;
import cradle.analyze.AnalyzeFunction;
import cradle.shared.StageFunction;
import cradle.shared.testing.FakeGcs;
import cradle.shared.testing.InProcessPubSub;
import cradle.shared.testing.PubSubEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The analyze entry point with the cloud profile, its BigQuery and Cloud Storage clients doubles
 * and its Pub/Sub an in-process Publisher service, at a fixed clock.
 */
final class CloudAnalyze implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");
  static final String NOTEBOOK_TOPIC = "projects/my-project/topics/cradle-notebook";
  static final String EVENTS_TOPIC = "projects/my-project/topics/cradle-events";

  final InProcessPubSub pubsub;
  final FakeGcs gcs = new FakeGcs();
  final StageFunction function;

  CloudAnalyze(Map<String, String> env, BigQuery bq) throws IOException {
    pubsub = new InProcessPubSub();
    function =
        AnalyzeFunction.ENTRY.instance(
            env,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new AnalyzeCloudProfile(() -> bq, gcs::storage, pubsub.publishers(), ms -> {}));
  }

  /** Delivers a Pub/Sub message with {@code body} as its data. */
  void deliver(String body, String messageId, Instant published) throws Exception {
    function.accept(PubSubEvents.withData(body, Map.of(), messageId, published));
  }

  /** The messages handed off to the notebook stage, in order. */
  List<InProcessPubSub.Received> handOffs() {
    return pubsub.receivedOn(NOTEBOOK_TOPIC);
  }

  /** The run events, by kind, in order. */
  List<String> events() {
    return pubsub.events(EVENTS_TOPIC);
  }

  @Override
  public void close() {
    pubsub.close();
  }
}

package cradle.publish;

import cradle.shared.Log;
import cradle.shared.RunMessage;
import cradle.shared.Stage;
import cradle.shared.StageFailedException;
import cradle.shared.StageHandler;
import cradle.shared.StageOutcome;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.Profile;
import cradle.shared.port.ReportSink;
import cradle.shared.port.RunEvents;
import cradle.shared.reshape.RowCheck;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The publish stage over one or several database instances (docs/sharding.md). With one instance it
 * is {@link PublishStage}, unchanged. With N, a message that names no shard (await's hand-off, an
 * operator's replay of the whole run) hands on one message per shard to the publish topic, so the
 * shards publish in parallel, each in invocations of its own and within its own instance's limits;
 * a message that names shard {@code i} is a full publish of that instance alone: its families'
 * rows, its meta, lease, continuations, shrink guard and stale removal.
 */
record ShardedPublish(
    Settings settings,
    PublishSettings publish,
    Profile.Adapters adapters,
    Clock clock,
    RowCheck contract)
    implements StageHandler.WithOutcome {
  static final StageHandler.Factory FACTORY =
      StageHandler.Factory.of(
          Set.of(BlobStore.class, ReportSink.class, HandOff.class),
          (settings, env, adapters, clock) -> {
            PublishSettings publish = PublishSettings.read(env);
            RowCheck contract = ReportContract.read(env, publish.keyPath());
            return new ShardedPublish(settings, publish, adapters, clock, contract);
          });

  @Override
  public StageOutcome run(RunMessage message, Log log) throws Exception {
    int count = adapters.reportShards();
    if (message.shard() == null) {
      if (count == 1) {
        return new PublishStage(settings, publish, adapters, clock, contract, DatabaseShard.ONLY)
            .run(message, log);
      }
      return handOnEachShard(message, count, log);
    }
    if (message.shard() >= count) {
      throw new StageFailedException(
          "the message asks for shard "
              + message.shard()
              + " but the reports are sharded over "
              + count
              + " database instance(s) (shards 0 to "
              + (count - 1)
              + ")");
    }
    DatabaseShard shard = new DatabaseShard(message.shard(), count);
    StageOutcome outcome =
        new PublishStage(settings, publish, of(shard), clock, contract, shard)
            .run(message, log.with("shard", shard.index()));
    Map<String, Object> counts = new LinkedHashMap<>(outcome.counts());
    counts.put("shards", count); // the run is published when this many shards are
    return new StageOutcome(outcome.kind(), outcome.note(), counts);
  }

  /** One message per shard, each the start of that shard's publish. */
  private StageOutcome handOnEachShard(RunMessage message, int count, Log log) throws Exception {
    if (message.attempt() > 1) {
      throw new StageFailedException(
          "continuation "
              + (message.attempt() - 1)
              + " names no shard, but the reports are sharded over "
              + count
              + " instances; replay publish (attempt 1) to start it over");
    }
    for (int i = 0; i < count; i++) {
      adapters.handOff().publish(message.forShard(i));
    }
    log.info("publish handed on to each shard", "shards", count);
    return StageOutcome.succeeded(Map.of("shards", count, "handed_on", count));
  }

  /** The ports as one shard's publish sees them: its instance, and hand-offs that name it. */
  private Profile.Adapters of(DatabaseShard shard) {
    return new Profile.Adapters() {
      @Override
      public BlobStore blobs() {
        return adapters.blobs();
      }

      @Override
      public ReportSink reportSink() {
        return adapters.reportSink(shard.index());
      }

      @Override
      public HandOff handOff() {
        // a continuation goes on with the same shard
        return m -> adapters.handOff().publish(m.forShard(shard.index()));
      }

      @Override
      public RunEvents events() {
        return adapters.events();
      }

      @Override
      public String replayCommand(RunMessage run, Stage stage) {
        return adapters.replayCommand(run, stage);
      }
    };
  }
}

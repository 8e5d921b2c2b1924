package cradle.shared.port;

import cradle.shared.RunMessage;
import cradle.shared.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Adapters given as values, so a profile names the ports it supplies instead of overriding them;
 * asking for one it does not supply names the port.
 */
public final class PortAdapters implements Profile.Adapters {
  private final Map<Class<?>, Supplier<?>> ports;
  private final List<Supplier<ReportSink>> shards;
  private final RunEvents events;
  private final BiFunction<RunMessage, Stage, String> replay;

  private PortAdapters(Builder builder) {
    this.ports = Map.copyOf(builder.ports);
    this.shards = List.copyOf(builder.shards);
    this.events = builder.events;
    this.replay = builder.replay;
  }

  public static Builder builder() {
    return new Builder();
  }

  private <T> T port(Class<T> type) {
    Supplier<?> supplier = ports.get(type);
    if (supplier == null) {
      throw new UnsupportedOperationException("this profile has no " + type.getSimpleName());
    }
    return type.cast(supplier.get());
  }

  @Override
  public BlobStore blobs() {
    return port(BlobStore.class);
  }

  @Override
  public Warehouse warehouse() {
    return port(Warehouse.class);
  }

  @Override
  public NotebookExecutor notebooks() {
    return port(NotebookExecutor.class);
  }

  @Override
  public ReportSink reportSink() {
    return port(ReportSink.class);
  }

  @Override
  public int reportShards() {
    return shards.isEmpty() ? 1 : shards.size();
  }

  @Override
  public ReportSink reportSink(int shard) {
    if (shards.isEmpty()) {
      return Profile.Adapters.super.reportSink(shard);
    }
    return shards.get(shard).get();
  }

  @Override
  public HandOff handOff() {
    return port(HandOff.class);
  }

  @Override
  public RunEvents events() {
    return events;
  }

  @Override
  public String replayCommand(RunMessage run, Stage stage) {
    return replay == null ? null : replay.apply(run, stage);
  }

  public static final class Builder {
    private final Map<Class<?>, Supplier<?>> ports = new LinkedHashMap<>();
    private final List<Supplier<ReportSink>> shards = new ArrayList<>();
    private RunEvents events = RunEvents.NONE;
    private BiFunction<RunMessage, Stage, String> replay;

    private Builder() {}

    public Builder blobs(BlobStore blobs) {
      ports.put(BlobStore.class, () -> blobs);
      return this;
    }

    public Builder warehouse(Warehouse warehouse) {
      ports.put(Warehouse.class, () -> warehouse);
      return this;
    }

    public Builder notebooks(NotebookExecutor notebooks) {
      ports.put(NotebookExecutor.class, () -> notebooks);
      return this;
    }

    public Builder reportSink(ReportSink sink) {
      return reportSink(() -> sink);
    }

    /** A sink made when first asked for (a stage that never publishes never connects). */
    public Builder reportSink(Supplier<ReportSink> sink) {
      ports.put(ReportSink.class, sink);
      return this;
    }

    /**
     * One database per shard, each made when first asked for; the first is also {@link
     * #reportSink()}.
     */
    public Builder reportSinks(List<Supplier<ReportSink>> sinks) {
      if (sinks.isEmpty()) {
        throw new IllegalArgumentException("no database");
      }
      shards.clear();
      shards.addAll(sinks);
      return reportSink(sinks.get(0));
    }

    public Builder handOff(HandOff handOff) {
      ports.put(HandOff.class, () -> handOff);
      return this;
    }

    public Builder events(RunEvents events) {
      this.events = events;
      return this;
    }

    /** How an operator runs a stage of a run again in this profile (for the failure line). */
    public Builder replay(BiFunction<RunMessage, Stage, String> replay) {
      this.replay = replay;
      return this;
    }

    public PortAdapters build() {
      return new PortAdapters(this);
    }
  }
}

package cradle.notebook.cloud;

import com.google.cloud.aiplatform.v1.NotebookServiceClient;
import com.google.cloud.aiplatform.v1.NotebookServiceSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.common.base.Suppliers;
import cradle.shared.cloud.CloudAdapters;
import cradle.shared.cloud.CloudSettings;
import cradle.shared.cloud.GcsBlobStore;
import cradle.shared.cloud.PubSubHandOff;
import cradle.shared.config.Env;
import cradle.shared.config.Settings;
import cradle.shared.port.BlobStore;
import cradle.shared.port.HandOff;
import cradle.shared.port.NotebookExecutor;
import cradle.shared.port.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code CRADLE_PROFILE=cloud} for the notebook and await functions: Vertex AI, Cloud Storage and
 * Pub/Sub.
 */
public final class NotebookCloudProfile implements Profile {
  private final Function<VertexSettings, Supplier<NotebookServiceClient>> notebooks;
  private final Supplier<Storage> storage;
  private final PubSubHandOff.PublisherFactory publishers;

  public NotebookCloudProfile() {
    this(
        s -> Suppliers.memoize(() -> connect(s)),
        Suppliers.memoize(() -> StorageOptions.getDefaultInstance().getService()),
        PubSubHandOff.defaultPublishers());
  }

  /** The same profile over given clients, for tests. */
  public NotebookCloudProfile(
      Function<VertexSettings, Supplier<NotebookServiceClient>> notebooks,
      Supplier<Storage> storage,
      PubSubHandOff.PublisherFactory publishers) {
    this.notebooks = notebooks;
    this.storage = storage;
    this.publishers = publishers;
  }

  private static NotebookServiceClient connect(VertexSettings s) {
    try {
      return NotebookServiceClient.create(
          NotebookServiceSettings.newBuilder().setEndpoint(s.endpoint()).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "cloud";
  }

  @Override
  public Set<Class<?>> provides() {
    return Set.of(BlobStore.class, NotebookExecutor.class, HandOff.class);
  }

  @Override
  public Adapters create(Settings settings, Env env, Set<Class<?>> ports) {
    CloudSettings cloud = CloudSettings.read(env, settings);
    VertexSettings vertex = VertexSettings.read(env, cloud.project());
    BlobStore blobs = new GcsBlobStore(storage);
    NotebookExecutor executor = new VertexNotebookExecutor(notebooks.apply(vertex), vertex);
    return CloudAdapters.builder(cloud, publishers).blobs(blobs).notebooks(executor).build();
  }
}

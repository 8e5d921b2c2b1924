package cradle.shared.cloud;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Cloud Storage behind the blob port, for {@code gs://bucket/name} URIs. */
public final class GcsBlobStore implements BlobStore {
  private final Supplier<Storage> storage;

  /**
   * @param storage made on first use and kept (Guava's {@code Suppliers.memoize})
   */
  public GcsBlobStore(Supplier<Storage> storage) {
    this.storage = storage;
  }

  static BlobId blobId(String uri) {
    URI u = URI.create(uri);
    if (!"gs".equals(u.getScheme()) || u.getHost() == null) {
      throw new IllegalArgumentException("not a gs://bucket/name URI: " + uri);
    }
    return BlobId.of(
        u.getHost(), u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath());
  }

  @Override
  public InputStream open(String uri) throws IOException {
    BlobId id = blobId(uri);
    Blob blob = storage.get().get(id);
    if (blob == null) {
      throw new FileNotFoundException(uri);
    }
    ReadChannel channel = blob.reader();
    channel.setChunkSize(8 << 20);
    return Channels.newInputStream(channel);
  }

  @Override
  public void write(String uri, byte[] content) throws IOException {
    BlobId id = blobId(uri);
    String type =
        uri.endsWith(".ipynb") || uri.endsWith(".json")
            ? "application/json"
            : "application/octet-stream";
    storage.get().create(BlobInfo.newBuilder(id).setContentType(type).build(), content);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    BlobId id = blobId(prefix);
    List<String> uris = new ArrayList<>();
    for (Blob b :
        storage
            .get()
            .list(id.getBucket(), Storage.BlobListOption.prefix(id.getName()))
            .iterateAll()) {
      if (!b.getName().endsWith("/")) {
        uris.add("gs://" + b.getBucket() + "/" + b.getName());
      }
    }
    uris.sort(null);
    return uris;
  }
}

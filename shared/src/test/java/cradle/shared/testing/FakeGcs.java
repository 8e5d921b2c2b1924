package cradle.shared.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.RestorableState;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cloud Storage as a Mockito double over an in-memory map: get, create and prefix listing behave as
 * the service does, and the test can look at every object written.
 */
public final class FakeGcs {
  private final Map<BlobId, byte[]> objects = new ConcurrentHashMap<>();
  private final Storage storage = mock(Storage.class);

  public FakeGcs() {
    when(storage.get(any(BlobId.class))).thenAnswer(a -> blob(a.getArgument(0)));
    when(storage.create(
            any(BlobInfo.class), any(byte[].class), any(Storage.BlobTargetOption[].class)))
        .thenAnswer(
            a -> {
              BlobInfo info = a.getArgument(0);
              objects.put(BlobId.of(info.getBucket(), info.getName()), a.getArgument(1));
              return blob(BlobId.of(info.getBucket(), info.getName()));
            });
    when(storage.list(anyString(), any(Storage.BlobListOption[].class)))
        .thenAnswer(
            a -> {
              String bucket = a.getArgument(0);
              Storage.BlobListOption option = a.getArgument(1);
              @SuppressWarnings("unchecked")
              Page<Blob> page = mock(Page.class);
              List<Blob> found =
                  objects.keySet().stream()
                      .filter(id -> id.getBucket().equals(bucket) && matches(option, id.getName()))
                      .map(this::blob)
                      .toList();
              when(page.iterateAll()).thenReturn(found);
              return page;
            });
  }

  /** Whether {@code name} starts with the prefix the option carries. */
  private static boolean matches(Storage.BlobListOption option, String name) {
    for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
      if (Storage.BlobListOption.prefix(name.substring(0, i + 1)).equals(option)) {
        return true;
      }
    }
    return false;
  }

  public Storage storage() {
    return storage;
  }

  public void put(String uri, String content) {
    objects.put(id(uri), content.getBytes(StandardCharsets.UTF_8));
  }

  public String text(String uri) {
    byte[] b = objects.get(id(uri));
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Every object's URI, sorted. */
  public List<String> uris() {
    Map<String, byte[]> sorted = new TreeMap<>();
    objects.forEach((id, b) -> sorted.put("gs://" + id.getBucket() + "/" + id.getName(), b));
    return List.copyOf(sorted.keySet());
  }

  private static BlobId id(String uri) {
    String rest = uri.substring("gs://".length());
    return BlobId.of(rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1));
  }

  private Blob blob(BlobId id) {
    byte[] content = objects.get(id);
    if (content == null) {
      return null;
    }
    Blob blob = mock(Blob.class);
    when(blob.getBucket()).thenReturn(id.getBucket());
    when(blob.getName()).thenReturn(id.getName());
    when(blob.reader()).thenAnswer(a -> new BytesChannel(content));
    return blob;
  }

  private static final class BytesChannel implements ReadChannel {
    private final ByteBuffer data;
    private boolean open = true;

    BytesChannel(byte[] content) {
      this.data = ByteBuffer.wrap(content);
    }

    @Override
    public int read(ByteBuffer dst) {
      if (!data.hasRemaining()) {
        return -1;
      }
      int n = Math.min(dst.remaining(), data.remaining());
      ByteBuffer slice = data.slice();
      slice.limit(n);
      dst.put(slice);
      data.position(data.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }

    @Override
    public void seek(long position) {
      data.position((int) position);
    }

    @Override
    public void setChunkSize(int chunkSize) {}

    @Override
    public RestorableState<ReadChannel> capture() {
      throw new UnsupportedOperationException();
    }
  }
}

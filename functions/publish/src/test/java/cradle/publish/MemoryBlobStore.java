package cradle.publish;

import cradle.shared.port.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Objects in memory, listed in URI order like Cloud Storage. A URI may be made a "ghost": listed,
 * but gone when opened (deleted between the listing and the read, as a lifecycle rule does).
 */
public final class MemoryBlobStore implements BlobStore {
  private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
  private final Set<String> ghosts = ConcurrentHashMap.newKeySet();

  /** Runs before each object is opened (to move a clock there). */
  public volatile Consumer<String> beforeOpen = uri -> {};

  /** Runs before each write is stored (to crash there). */
  public volatile BiConsumer<String, byte[]> beforeWrite = (uri, content) -> {};

  public void put(String uri, String text) {
    objects.put(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Listed, but gone when opened. */
  public void ghost(String uri) {
    ghosts.add(uri);
    objects.put(uri, new byte[0]);
  }

  public void remove(String uri) {
    objects.remove(uri);
  }

  @Override
  public InputStream open(String uri) throws FileNotFoundException {
    beforeOpen.accept(uri);
    byte[] b = objects.get(uri);
    if (b == null || ghosts.contains(uri)) {
      throw new FileNotFoundException(uri);
    }
    return new ByteArrayInputStream(b);
  }

  @Override
  public void write(String uri, byte[] content) {
    beforeWrite.accept(uri, content);
    objects.put(uri, content.clone());
  }

  @Override
  public List<String> list(String prefix) {
    return objects.keySet().stream().filter(u -> u.startsWith(prefix)).toList();
  }
}

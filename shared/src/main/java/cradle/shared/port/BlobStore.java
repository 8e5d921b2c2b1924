package cradle.shared.port;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Object storage addressed by URI: {@code gs://} in the cloud, {@code file://} locally. */
public interface BlobStore {
  /** Opens an object for reading; a missing object is a {@link java.io.FileNotFoundException}. */
  InputStream open(String uri) throws IOException;

  /** Writes an object whole, replacing what was there. */
  void write(String uri, byte[] content) throws IOException;

  /** The URIs of the objects under {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  default byte[] read(String uri) throws IOException {
    try (InputStream in = open(uri)) {
      return in.readAllBytes();
    }
  }
}

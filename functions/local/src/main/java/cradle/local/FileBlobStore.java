package cradle.local;

import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The local stand-in for Cloud Storage: {@code file://} URIs over a directory tree. */
final class FileBlobStore implements BlobStore {

  static Path path(String uri) {
    URI u = URI.create(uri);
    if (!"file".equals(u.getScheme())) {
      throw new IllegalArgumentException("the local profile reads file:// URIs, not " + uri);
    }
    return Path.of(u);
  }

  static String uri(Path path) {
    return path.toAbsolutePath().normalize().toUri().toString();
  }

  @Override
  public InputStream open(String uri) throws IOException {
    try {
      return Files.newInputStream(path(uri));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(uri);
    }
  }

  @Override
  public void write(String uri, byte[] content) throws IOException {
    Path target = path(uri);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".write-", ".tmp");
    try {
      Files.write(tmp, content);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LocalFiles.naming(target, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path dir =
        path(prefix.endsWith("/") ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String start = path(prefix).toString();
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().startsWith(start))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .map(FileBlobStore::uri)
          .sorted()
          .toList();
    }
  }
}

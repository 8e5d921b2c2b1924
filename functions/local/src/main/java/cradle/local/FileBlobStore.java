package cradle.local;

import cradle.shared.StageFailedException;
import cradle.shared.port.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local stand-in for Cloud Storage: {@code file://} URIs over a directory tree. Cloud Storage
 * has no links, so no symbolic link is followed out of the bucket: a file under the bucket whose
 * real path lies elsewhere is neither read nor written through, and the stage fails naming it.
 * (Files outside the bucket, such as a notebook template an operator points to, are read as given.)
 */
final class FileBlobStore implements BlobStore {
  private final Path bucket;

  /**
   * @param bucket the directory that {@code CRADLE_ARTIFACTS_URI} names
   */
  FileBlobStore(Path bucket) {
    this.bucket = bucket.toAbsolutePath().normalize();
  }

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
      return Files.newInputStream(confined(uri, path(uri)));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(uri);
    }
  }

  @Override
  public void write(String uri, byte[] content) throws IOException {
    Path target = path(uri);
    confined(uri, target.getParent());
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

  /**
   * {@code file} itself, after checking that its real path (or its nearest existing ancestor's)
   * stays inside the bucket's.
   */
  private Path confined(String uri, Path file) throws IOException {
    Path normal = file.toAbsolutePath().normalize();
    if (!normal.startsWith(bucket) || !Files.exists(bucket)) {
      return file;
    }
    Path existing = normal;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (NoSuchFileException e) {
      // a dangling link: whatever it names, it is no object of this bucket
      real = existing.resolveSibling(Files.readSymbolicLink(existing)).normalize();
    }
    Path root = bucket.toRealPath();
    if (!real.startsWith(root)) {
      throw new StageFailedException(
          uri
              + ": a symbolic link leads out of the bucket "
              + bucket
              + " (to "
              + real
              + "); the local stand-in for Cloud Storage follows none, as Cloud Storage has no"
              + " links");
    }
    return file;
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

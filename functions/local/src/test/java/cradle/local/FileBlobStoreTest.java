package cradle.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cradle.shared.StageFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stand-in for Cloud Storage follows no symbolic link out of its bucket. */
class FileBlobStoreTest {
  @TempDir Path dir;
  private Path bucket;
  private Path run;
  private Path outside;
  private FileBlobStore store;

  @BeforeEach
  void bucketWithARunFolder_andAFileOutside() throws Exception {
    bucket = dir.resolve("gcs/cradle-artifacts");
    run = bucket.resolve("runs/2026-11-25/run-1");
    Files.createDirectories(run.resolve("report"));
    outside = dir.resolve("home/.ssh/id_ed25519");
    Files.createDirectories(outside.getParent());
    Files.writeString(outside, "PRIVATE KEY");
    store = new FileBlobStore(bucket);
  }

  @Test
  void read_fileLinkInARunFolderLeadingOut_isRefusedNamingIt() throws Exception {
    Path link = run.resolve("report/report.jsonl");
    Files.createSymbolicLink(link, outside);

    StageFailedException e =
        assertThrows(StageFailedException.class, () -> store.read(FileBlobStore.uri(link)));

    assertTrue(e.getMessage().startsWith(FileBlobStore.uri(link) + ": a symbolic link leads out"));
    assertFalse(e.getMessage().contains("PRIVATE KEY"));
  }

  @Test
  void read_throughALinkedFolderLeadingOut_isRefused() throws Exception {
    Files.createSymbolicLink(run.resolve("analysis"), outside.getParent());

    assertThrows(
        StageFailedException.class,
        () -> store.read(FileBlobStore.uri(run.resolve("analysis/id_ed25519"))));
  }

  @Test
  void read_danglingLinkLeadingOut_isRefused() throws Exception {
    Path link = run.resolve("report/report.jsonl");
    Files.createSymbolicLink(link, dir.resolve("nowhere"));

    assertThrows(StageFailedException.class, () -> store.read(FileBlobStore.uri(link)));
  }

  @Test
  void write_throughALinkedFolderLeadingOut_isRefused_andWritesNothingThere() throws Exception {
    Files.createSymbolicLink(run.resolve("notebook"), outside.getParent());

    assertThrows(
        StageFailedException.class,
        () ->
            store.write(
                FileBlobStore.uri(run.resolve("notebook/authorized_keys")),
                "ssh-ed25519 AAAA".getBytes(StandardCharsets.UTF_8)));

    assertFalse(Files.exists(outside.resolveSibling("authorized_keys")));
  }

  @Test
  void read_linkInsideTheBucket_andPlainFiles_areRead() throws Exception {
    Path rows = run.resolve("report/report.jsonl");
    Files.writeString(rows, "{}\n");
    Path alias = run.resolve("report/alias.jsonl");
    Files.createSymbolicLink(alias, rows);

    assertArrayEquals(
        "{}\n".getBytes(StandardCharsets.UTF_8), store.read(FileBlobStore.uri(alias)));
    store.write(FileBlobStore.uri(run.resolve("a/b.txt")), "x".getBytes(StandardCharsets.UTF_8));
    assertEquals("x", Files.readString(run.resolve("a/b.txt")));
  }

  @Test
  void read_aFileOutsideTheBucket_isReadAsGiven() throws Exception {
    // an operator's own notebook template, for instance
    assertArrayEquals(
        "PRIVATE KEY".getBytes(StandardCharsets.UTF_8), store.read(FileBlobStore.uri(outside)));
  }
}

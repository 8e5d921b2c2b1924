package cradle.shared.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class GcsBlobStoreTest {
  private final Storage storage = mock(Storage.class);
  private final GcsBlobStore blobs = new GcsBlobStore(() -> storage);

  private static Blob blob(String bucket, String name) {
    Blob b = mock(Blob.class);
    when(b.getBucket()).thenReturn(bucket);
    when(b.getName()).thenReturn(name);
    return b;
  }

  @Test
  void list_asksForThePrefix_andReturnsSortedObjectUris() throws Exception {
    @SuppressWarnings("unchecked")
    Page<Blob> page = mock(Page.class);
    List<Blob> found =
        List.of(
            blob("bkt", "runs/d/r/report/b.jsonl"),
            blob("bkt", "runs/d/r/report/"),
            blob("bkt", "runs/d/r/report/a.jsonl"));
    when(page.iterateAll()).thenReturn(found);
    when(storage.list(eq("bkt"), any(Storage.BlobListOption[].class))).thenReturn(page);

    List<String> uris = blobs.list("gs://bkt/runs/d/r/report/");

    assertEquals(
        List.of("gs://bkt/runs/d/r/report/a.jsonl", "gs://bkt/runs/d/r/report/b.jsonl"), uris);
    verify(storage).list("bkt", Storage.BlobListOption.prefix("runs/d/r/report/"));
  }

  @Test
  void write_createsTheObjectWithItsContentType() throws Exception {
    byte[] content = "{}".getBytes(StandardCharsets.UTF_8);

    blobs.write("gs://bkt/runs/d/r/notebook/input.ipynb", content);

    ArgumentCaptor<BlobInfo> info = ArgumentCaptor.forClass(BlobInfo.class);
    ArgumentCaptor<byte[]> bytes = ArgumentCaptor.forClass(byte[].class);
    verify(storage).create(info.capture(), bytes.capture());
    assertEquals(BlobId.of("bkt", "runs/d/r/notebook/input.ipynb"), info.getValue().getBlobId());
    assertEquals("application/json", info.getValue().getContentType());
    assertArrayEquals(content, bytes.getValue());
  }

  @Test
  void open_missingObject_isFileNotFound() {
    when(storage.get(BlobId.of("bkt", "nope.jsonl"))).thenReturn(null);

    assertThrows(FileNotFoundException.class, () -> blobs.open("gs://bkt/nope.jsonl"));
  }

  @Test
  void blobId_rejectsOtherSchemes() {
    assertThrows(IllegalArgumentException.class, () -> GcsBlobStore.blobId("file:///tmp/x"));
  }

  @Test
  void read_streamsTheObjectInLargeChunks() throws Exception {
    byte[] content = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
    Blob blob = blob("bkt", "runs/d/r/report/a.jsonl");
    com.google.cloud.ReadChannel channel = mock(com.google.cloud.ReadChannel.class);
    when(channel.isOpen()).thenReturn(true);
    boolean[] done = {false};
    when(channel.read(any(java.nio.ByteBuffer.class)))
        .thenAnswer(
            call -> {
              if (done[0]) {
                return -1;
              }
              done[0] = true;
              ((java.nio.ByteBuffer) call.getArgument(0)).put(content);
              return content.length;
            });
    when(blob.reader()).thenReturn(channel);
    when(storage.get(BlobId.of("bkt", "runs/d/r/report/a.jsonl"))).thenReturn(blob);

    assertArrayEquals(content, blobs.read("gs://bkt/runs/d/r/report/a.jsonl"));
    verify(channel).setChunkSize(8 << 20);
  }

  @Test
  void write_rowsAndOtherObjects_areOctetStreams() throws Exception {
    blobs.write("gs://bkt/runs/d/r/report/a.jsonl", new byte[] {1});
    blobs.write("gs://bkt/runs/d/r/publish/progress.json", new byte[] {2});

    ArgumentCaptor<BlobInfo> info = ArgumentCaptor.forClass(BlobInfo.class);
    verify(storage, org.mockito.Mockito.times(2)).create(info.capture(), any(byte[].class));
    assertEquals("application/octet-stream", info.getAllValues().get(0).getContentType());
    assertEquals("application/json", info.getAllValues().get(1).getContentType());
  }
}

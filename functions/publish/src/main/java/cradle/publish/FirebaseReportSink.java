package cradle.publish;

import com.google.api.core.ApiFuture;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.database.DataSnapshot;
import com.google.firebase.database.DatabaseError;
import com.google.firebase.database.DatabaseReference;
import com.google.firebase.database.FirebaseDatabase;
import com.google.firebase.database.MutableData;
import com.google.firebase.database.Transaction;
import com.google.firebase.database.ValueEventListener;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import cradle.shared.RetryLaterException;
import cradle.shared.port.ReportSink;
import cradle.shared.reshape.UpdateChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Writes to the Firebase Realtime Database with the Admin SDK. Every update is one atomic
 * multi-path {@code updateChildrenAsync}, awaited (with a timeout) before returning: the SDK's
 * futures complete on the server's acknowledgement, and a function that returns earlier may be
 * frozen with the write unsent.
 */
public final class FirebaseReportSink implements ReportSink {
  private static final Gson GSON = new Gson();
  private final String databaseUrl;
  private final boolean emulator;
  private final Duration timeout;
  private DatabaseReference root;

  /**
   * @param emulator talk to an emulator (or protocol peer) with the token it accepts, "owner"
   */
  public FirebaseReportSink(String databaseUrl, boolean emulator, Duration timeout) {
    this.databaseUrl = databaseUrl;
    this.emulator = emulator;
    this.timeout = timeout;
  }

  /** The URL the SDK treats as an emulator: {@code http://HOST:PORT?ns=NAMESPACE}. */
  public static String emulatorUrl(String hostAndPort, String namespace) {
    return "http://" + hostAndPort + "?ns=" + namespace;
  }

  @Override
  public CompletableFuture<Void> submit(UpdateChunk chunk) throws IOException {
    // straight from the chunk's bytes to the SDK's values, one parser pass (no Gson trees)
    ApiFuture<Void> write = root().updateChildrenAsync(ChunkValues.parse(chunk.json()));
    CompletableFuture<Void> done = new CompletableFuture<>();
    write.addListener(
        () -> {
          try {
            write.get();
            done.complete(null);
          } catch (ExecutionException e) {
            done.completeExceptionally(e.getCause());
          } catch (InterruptedException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        },
        Runnable::run);
    return done;
  }

  /** One update, awaited: for single writes such as the meta node. */
  public void update(Map<String, JsonElement> updates) throws IOException {
    await(submit(UpdateChunk.of(updates)), "update of " + updates.size() + " paths");
  }

  @Override
  public JsonElement read(String path) throws IOException {
    CompletableFuture<Object> value = new CompletableFuture<>();
    root()
        .child(path)
        .addListenerForSingleValueEvent(
            new ValueEventListener() {
              @Override
              public void onDataChange(DataSnapshot snapshot) {
                value.complete(snapshot.getValue());
              }

              @Override
              public void onCancelled(DatabaseError error) {
                value.completeExceptionally(error.toException());
              }
            });
    Object v = await(value, "read of " + path);
    return v == null ? null : GSON.toJsonTree(v);
  }

  /**
   * The SDK's {@code runTransaction}: the database applies the change only if the node still holds
   * the value it was computed from (its hash), and otherwise runs the change again on the fresh
   * value. The first run may see the client's cache (null for a node never read).
   */
  @Override
  public Transacted transact(String path, Function<JsonElement, Optional<JsonElement>> change)
      throws IOException {
    CompletableFuture<Transacted> done = new CompletableFuture<>();
    root()
        .child(path)
        .runTransaction(
            new Transaction.Handler() {
              @Override
              public Transaction.Result doTransaction(MutableData current) {
                Object v = current.getValue();
                Optional<JsonElement> next = change.apply(v == null ? null : GSON.toJsonTree(v));
                if (next.isEmpty()) {
                  return Transaction.abort();
                }
                try {
                  current.setValue(ChunkValues.of(next.get()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return Transaction.success(current);
              }

              @Override
              public void onComplete(
                  DatabaseError error, boolean committed, DataSnapshot snapshot) {
                if (error != null) {
                  done.completeExceptionally(error.toException());
                } else {
                  Object v = snapshot == null ? null : snapshot.getValue();
                  done.complete(new Transacted(committed, v == null ? null : GSON.toJsonTree(v)));
                }
              }
            },
            // the change must be decided on the server's value, not on a locally raised event
            false);
    return await(done, "transaction on " + path);
  }

  private synchronized DatabaseReference root() throws IOException {
    if (root == null) {
      GoogleCredentials credentials =
          emulator
              ? GoogleCredentials.create(new AccessToken("owner", new Date(Long.MAX_VALUE)))
              : GoogleCredentials.getApplicationDefault();
      FirebaseOptions options =
          FirebaseOptions.builder().setCredentials(credentials).setDatabaseUrl(databaseUrl).build();
      FirebaseApp app = FirebaseApp.initializeApp(options, "cradle-" + UUID.randomUUID());
      root = FirebaseDatabase.getInstance(app).getReference();
    }
    return root;
  }

  private <T> T await(java.util.concurrent.Future<T> future, String what) throws IOException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new RetryLaterException(
          what + " not acknowledged by " + databaseUrl + " within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " interrupted", e);
    }
  }
}

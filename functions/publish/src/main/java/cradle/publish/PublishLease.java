package cradle.publish;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import cradle.shared.RetryLaterException;
import cradle.shared.port.ReportSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * One publish at a time per database: a lease held in the database itself, taken, renewed and
 * released with the database's own compare-and-set ({@link ReportSink#transact}), so every function
 * instance on every machine sees it. It expires, so a holder that crashed blocks the next publish
 * for one term at most.
 *
 * <p>The holder is named by its run id and a token of its own; only that pair may renew or release
 * it. A duplicate delivery of the same run therefore waits like any other run (it would otherwise
 * release the lease under the first delivery's feet). A publish that continues in a later
 * invocation can keep the lease by passing {@link Held#token()} on and calling {@link #resume}.
 */
final class PublishLease {
  /**
   * Longer than a Cloud Function may run (540 s), so a lease taken when a publish starts cannot
   * expire while that invocation lives, even unrenewed; renewing before each step is for later
   * invocations that continue a publish.
   */
  static final Duration TERM = Duration.ofMinutes(10);

  private final ReportSink sink;
  private final String path;
  private final Clock clock;
  private final Duration term;

  PublishLease(ReportSink sink, String path, Clock clock, Duration term) {
    this.sink = sink;
    this.path = path;
    this.clock = clock;
    this.term = term;
  }

  /**
   * The lease node.
   *
   * @param expiresAt when another run may take it (the holder's clock)
   */
  record Holder(String runId, String token, Instant expiresAt) {
    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("run_id", runId);
      o.addProperty("token", token);
      o.addProperty("expires_at", expiresAt.toEpochMilli());
      return o;
    }

    /** Null for no lease, or a node that is not one (treated as free: it protects nothing). */
    static Holder parse(JsonElement e) {
      if (e == null || !e.isJsonObject()) {
        return null;
      }
      JsonObject o = e.getAsJsonObject();
      if (!o.has("run_id") || !o.has("token") || !o.has("expires_at")) {
        return null;
      }
      try {
        return new Holder(
            o.get("run_id").getAsString(),
            o.get("token").getAsString(),
            Instant.ofEpochMilli(o.get("expires_at").getAsLong()));
      } catch (RuntimeException notALease) {
        return null;
      }
    }

    boolean sameHolder(Holder other) {
      return other != null && runId.equals(other.runId) && token.equals(other.token);
    }
  }

  /**
   * Takes the lease for {@code runId}, or throws {@link RetryLaterException#contended} so Pub/Sub
   * redelivers the message later.
   */
  Held take(String runId) throws IOException {
    return acquire(runId, UUID.randomUUID().toString());
  }

  /** Takes the lease again for a holder that passed its token on (or takes a free one). */
  Held resume(String runId, String token) throws IOException {
    return acquire(runId, token);
  }

  /**
   * Takes over the lease an earlier invocation of this run handed on ({@link Held#handOver}) under
   * {@code handedToken}, or a free one, and holds it under a new token: a duplicate of the same
   * continuation then finds it held and waits, instead of writing beside this one.
   */
  Held takeOver(String runId, String handedToken) throws IOException {
    return acquire(runId, UUID.randomUUID().toString(), new Holder(runId, handedToken, null));
  }

  private Held acquire(String runId, String token) throws IOException {
    return acquire(runId, token, null);
  }

  private Held acquire(String runId, String token, Holder handedOn) throws IOException {
    Instant now = clock.instant();
    Holder mine = new Holder(runId, token, expiry(now));
    ReportSink.Transacted t =
        sink.transact(
            path,
            current -> {
              Holder holder = Holder.parse(current);
              boolean free = holder == null || !holder.expiresAt().isAfter(now);
              return free
                      || mine.sameHolder(holder)
                      || (handedOn != null && handedOn.sameHolder(holder))
                  ? Optional.of(mine.toJson())
                  : unchanged(current);
            });
    Holder after = Holder.parse(t.value());
    if (!mine.equals(after)) {
      throw RetryLaterException.contended(
          "another publish holds the database's lease"
              + (after == null
                  ? "; will try again"
                  : ": run "
                      + after.runId()
                      + " until "
                      + after.expiresAt()
                      + " ("
                      + Math.max(0, Duration.between(now, after.expiresAt()).toSeconds())
                      + " s from now); will try again. If no publish of run "
                      + after.runId()
                      + " is running, it crashed holding the lease: publish again after "
                      + after.expiresAt()
                      + ", when the lease frees itself"));
    }
    return new Held(mine);
  }

  /** A lease this delivery holds. Closing releases it if it is still this holder's. */
  final class Held implements AutoCloseable {
    private Holder holder;
    private boolean handedOver;

    private Held(Holder holder) {
      this.holder = holder;
    }

    String runId() {
      return holder.runId();
    }

    String token() {
      return holder.token();
    }

    Instant expiresAt() {
      return holder.expiresAt();
    }

    /**
     * Extends the lease by one term from now; throws {@link RetryLaterException#contended} if it is
     * no longer this holder's (it expired and another run took it), so nothing more is written.
     */
    void renew() throws IOException {
      Holder renewed = new Holder(holder.runId(), holder.token(), expiry(clock.instant()));
      ReportSink.Transacted t =
          sink.transact(
              path,
              current ->
                  holder.sameHolder(Holder.parse(current))
                      ? Optional.of(renewed.toJson())
                      : unchanged(current));
      if (!renewed.equals(Holder.parse(t.value()))) {
        throw RetryLaterException.contended(
            "the database's lease of run "
                + holder.runId()
                + " expired and was taken by another publish; will try again");
      }
      holder = renewed;
    }

    /**
     * Keeps the lease for the continuation of this publish in a later invocation: renewed for one
     * term from now and, on closing, left held under {@link #token()}.
     */
    void handOver() throws IOException {
      renew();
      handedOver = true;
    }

    @Override
    public void close() throws IOException {
      if (handedOver) {
        return;
      }
      sink.transact(
          path,
          current ->
              holder.sameHolder(Holder.parse(current))
                  ? Optional.of(JsonNull.INSTANCE)
                  : unchanged(current));
    }
  }

  /** Stored in milliseconds, so the holder written and the holder read back are equal. */
  private Instant expiry(Instant now) {
    return now.plus(term).truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Leaves the node as it is. Never an abort: the Admin SDK runs the change first on its cache
   * (null for a node it does not follow) and ends the transaction on an abort without asking the
   * server; writing back the value it was given instead lets the server's hash check send the
   * change its real value. Success is then judged on the value the node ends with.
   */
  private static Optional<JsonElement> unchanged(JsonElement current) {
    return Optional.of(current == null ? JsonNull.INSTANCE : current);
  }
}

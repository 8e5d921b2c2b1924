package cradle.local.generate;

/**
 * One logged event, as the app would upload it. Times are epoch seconds (UTC).
 *
 * @param endedAt 0 when the event has no end (diapers)
 * @param amountMl 0 when not a bottle feed
 */
public record Event(
    String eventId,
    String userId,
    String babyId,
    String type,
    long startedAt,
    long endedAt,
    String feedMethod,
    int amountMl,
    String diaperKind) {

  /** {@code baby}'s sleep from {@code start} to {@code end}, not yet given an id. */
  static Event sleep(Baby baby, long start, long end) {
    return new Event(null, baby.userId(), baby.babyId(), "sleep", start, end, null, 0, null);
  }

  /** {@code baby}'s feed by {@code method} ("bottle" with {@code ml}, or "breast" with 0). */
  static Event feed(Baby baby, long start, long end, String method, int ml) {
    return new Event(null, baby.userId(), baby.babyId(), "feed", start, end, method, ml, null);
  }

  /** {@code baby}'s diaper change of {@code kind} at {@code at}. */
  static Event diaper(Baby baby, long at, String kind) {
    return new Event(null, baby.userId(), baby.babyId(), "diaper", at, 0, null, 0, kind);
  }

  /** This event with other times and feed method, as a careless entry logs it. */
  Event retimed(long start, long end, String method) {
    return new Event(eventId, userId, babyId, type, start, end, method, amountMl, diaperKind);
  }

  /** This event with {@code id}. */
  Event withId(String id) {
    return new Event(
        id, userId, babyId, type, startedAt, endedAt, feedMethod, amountMl, diaperKind);
  }
}

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
    String diaperKind) {}

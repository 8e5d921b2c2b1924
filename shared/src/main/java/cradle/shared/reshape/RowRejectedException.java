package cradle.shared.reshape;

/** One input row that cannot become a database node; the reason names the problem. */
public final class RowRejectedException extends Exception {
  private final Reason reason;

  public enum Reason {
    NOT_JSON_OBJECT("not a JSON object"),
    MISSING_KEY("missing key field"),
    INVALID_KEY("invalid key"),
    INVALID_VALUE("value the database cannot hold"),
    TOO_DEEP("nested too deep"),
    BREAKS_CONTRACT("breaks the report schema"),
    DUPLICATE_KEY("duplicate key");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public RowRejectedException(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

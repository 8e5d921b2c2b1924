package cradle.local.doctor;

/**
 * One finding of the doctor.
 *
 * @param fix what to do when it failed (null when it passed)
 */
public record Check(String name, boolean ok, String detail, String fix) {
  static Check pass(String name, String detail) {
    return new Check(name, true, detail, null);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, false, detail, fix);
  }

  /** One line: {@code ok NAME DETAIL} or {@code FAIL NAME DETAIL; fix: FIX}. */
  public String line() {
    return String.format(
        "%-4s  %-34s %s%s", ok ? "ok" : "FAIL", name, detail, ok ? "" : "; fix: " + fix);
  }
}

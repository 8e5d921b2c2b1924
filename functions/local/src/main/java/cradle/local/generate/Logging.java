package cradle.local.generate;

/** How the generated families log what happens. */
public enum Logging {
  /** As families really log: some skip days or whole categories, some make mistakes. */
  REALISTIC,
  /** Every event of the same babies (same seed), logged correctly: the truth to compare with. */
  COMPLETE
}

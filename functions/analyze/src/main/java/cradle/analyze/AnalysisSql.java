package cradle.analyze;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The analysis SQL and table schemas, kept as resources next to this class. */
public final class AnalysisSql {
  public static final String REPORT_INPUTS = "report_inputs.sql";
  public static final String EVENTS_TABLE = "events";
  public static final String BABIES_TABLE = "babies";
  public static final String REPORT_TABLE = "report_inputs";

  private AnalysisSql() {}

  private static final String QUERY = resource(REPORT_INPUTS);

  public static String query() {
    return QUERY;
  }

  /** A table's schema as BigQuery schema JSON ({@code [{"name":..,"type":..,"mode":..}]}). */
  public static String schema(String table) {
    return resource("schema/" + table + ".json");
  }

  private static String resource(String name) {
    try (InputStream in = AnalysisSql.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource cradle/analyze/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

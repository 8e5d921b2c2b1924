package cradle.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import cradle.shared.reshape.KeyPath;
import cradle.shared.reshape.KeyedRow;
import cradle.shared.reshape.RowCheck;
import cradle.shared.reshape.RowRejectedException;
import cradle.shared.reshape.RowRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report contract, {@code report.schema.json} (JSON Schema draft 2020-12), checked on each row
 * as the database will hold it: the reshaped node with its key fields put back. Pure and
 * thread-safe (the compiled schema is immutable).
 */
public final class ReportSchema implements RowCheck {
  public static final String RESOURCE = "/cradle/publish/report.schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MESSAGES = 3;

  private final JsonSchema schema;
  private final KeyPath keyPath;

  private ReportSchema(JsonSchema schema, KeyPath keyPath) {
    this.schema = schema;
    this.keyPath = keyPath;
  }

  /** The bundled contract, for rows keyed by {@code keyPath}. */
  public static ReportSchema load(KeyPath keyPath) {
    try (InputStream in = ReportSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonSchema schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
              .getSchema(JSON.readTree(in));
      return new ReportSchema(schema, keyPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract's messages for one report (the row as the notebook wrote it); empty if valid. */
  public Set<String> problems(JsonNode report) {
    return schema.validate(report).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Override
  public void check(KeyedRow row) throws RowRejectedException {
    ObjectNode node;
    try {
      node = (ObjectNode) JSON.readTree(row.value());
    } catch (IOException | ClassCastException e) {
      throw new RowRejectedException(Reason.BREAKS_CONTRACT, "not a JSON object");
    }
    for (int i = 0; i < keyPath.depth(); i++) {
      node.put(keyPath.fields().get(i), row.keys().get(i));
    }
    Set<String> problems = problems(node);
    if (!problems.isEmpty()) {
      throw new RowRejectedException(
          Reason.BREAKS_CONTRACT,
          problems.stream().limit(MESSAGES).collect(Collectors.joining("; "))
              + (problems.size() > MESSAGES ? " (" + problems.size() + " problems)" : ""));
    }
  }
}

package cradle.shared.reshape;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One row turned into a database node: its keys (one per key-path field) and the rest of the row.
 *
 * @param bytes the size of the row's JSON text, used to keep writes under a byte budget
 */
public record KeyedRow(List<String> keys, JsonObject value, int bytes) {}

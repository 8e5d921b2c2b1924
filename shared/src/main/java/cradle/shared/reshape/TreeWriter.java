package cradle.shared.reshape;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes keyed rows as one nested JSON tree ({@code {"u1":{"b1":{...}}}}) while they stream by.
 * Memory stays small because rows must arrive grouped by their keys (as the analysis orders them);
 * a key that comes back after its group closed, or a repeated key path, is an error naming the
 * line, never a silently merged or overwritten node.
 */
public final class TreeWriter implements Closeable {
  private final OutputStream out;
  private final int depth;
  private final List<String> open = new ArrayList<>();
  private final List<Set<String>> seen = new ArrayList<>();
  private final boolean[] hasMembers;

  public TreeWriter(OutputStream out, KeyPath keyPath) throws IOException {
    this.out = out;
    this.depth = keyPath.depth();
    for (int i = 0; i < depth; i++) {
      seen.add(new HashSet<>());
    }
    this.hasMembers = new boolean[depth];
    out.write('{');
  }

  public void add(KeyedRow row, long line) throws IOException {
    List<String> keys = row.keys();
    int common = 0;
    while (common < open.size() && open.get(common).equals(keys.get(common))) {
      common++;
    }
    while (open.size() > common) {
      out.write('}');
      open.remove(open.size() - 1);
      seen.get(open.size() + 1).clear();
      hasMembers[open.size() + 1] = false;
    }
    for (int level = common; level < depth - 1; level++) {
      String key = keys.get(level);
      if (!seen.get(level).add(key)) {
        throw new IllegalArgumentException(
            "line "
                + line
                + ": '"
                + key
                + "' appears again after other keys; sort the rows by the key path");
      }
      name(level, key);
      out.write('{');
      open.add(key);
    }
    String leaf = keys.get(depth - 1);
    if (!seen.get(depth - 1).add(leaf)) {
      throw new IllegalArgumentException(
          "line " + line + ": duplicate key path " + String.join("/", keys));
    }
    name(depth - 1, leaf);
    out.write(row.value());
  }

  private void name(int level, String key) throws IOException {
    if (hasMembers[level]) {
      out.write(',');
    }
    hasMembers[level] = true;
    out.write('"');
    out.write(JsonStringEncoder.getInstance().quoteAsUTF8(key));
    out.write('"');
    out.write(':');
  }

  @Override
  public void close() throws IOException {
    while (!open.isEmpty()) {
      out.write('}');
      open.remove(open.size() - 1);
    }
    out.write('}');
    out.flush();
  }
}

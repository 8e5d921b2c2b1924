package cradle.shared.reshape;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.google.common.base.Utf8;
import cradle.shared.reshape.RowRejectedException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one JSON row into a keyed database node: {@code {"user_id":"u1","baby_id":"b1","x":1}} with
 * key path {@code user_id/baby_id} becomes keys {@code [u1, b1]} and value {@code {"x":1}}.
 *
 * <p>Pure and offline: no client in sight. It streams the row's tokens from parser to generator (no
 * tree is built, which is what makes a million rows cheap) and rejects what the database cannot
 * hold: invalid keys at any level, non-finite numbers, nesting past the database's depth limit, a
 * row with nothing but its keys. Null members and empty objects or arrays are dropped, as the
 * database itself drops them (it stores no empty node), so every target holds the same tree. Not
 * thread-safe: one per thread.
 */
public final class RowReshaper {
  static final JsonFactory JSON =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private final KeyPath keyPath;
  private final int baseDepth;
  private final RowCheck check;
  private final java.util.function.Predicate<KeyedRow> only;
  private final ByteArrayBuilder out = new ByteArrayBuilder(4096);
  private final Pending pending = new Pending();

  /** Member names already found valid: report rows repeat the same few dozen names. */
  private final java.util.Set<String> validNames = new java.util.HashSet<>();

  /** The names from the row down to the current value, for error messages only. */
  private final java.util.ArrayDeque<String> where = new java.util.ArrayDeque<>();

  private JsonParser parser;
  private JsonGenerator generator;

  /**
   * @param baseDepth how many path segments lie above the first key (1 for {@code reports/})
   */
  public RowReshaper(KeyPath keyPath, int baseDepth) {
    this(keyPath, baseDepth, RowCheck.NONE);
  }

  /**
   * @param check applied to every row that reshaped cleanly; a row it rejects is rejected
   */
  public RowReshaper(KeyPath keyPath, int baseDepth, RowCheck check) {
    this(keyPath, baseDepth, check, null);
  }

  /**
   * @param only which reshaped rows are wanted (null: all); the others reach neither the check nor
   *     the sink, as if absent (a database shard reads the rows of its own families)
   */
  public RowReshaper(
      KeyPath keyPath, int baseDepth, RowCheck check, java.util.function.Predicate<KeyedRow> only) {
    this.keyPath = keyPath;
    this.baseDepth = baseDepth;
    this.check = check;
    this.only = only;
  }

  /** Receives what became of each line of a block. */
  public interface LineSink {
    void row(KeyedRow row, long line);

    void rejected(RowRejectedException e, long line);
  }

  public KeyedRow reshape(String line) throws RowRejectedException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return reshape(b, 0, b.length);
  }

  /** Reshapes one row (one line of JSON Lines, UTF-8) in {@code buf[off, off+len)}. */
  public KeyedRow reshape(byte[] buf, int off, int len) throws RowRejectedException {
    KeyedRow[] row = new KeyedRow[1];
    RowRejectedException[] rejected = new RowRejectedException[1];
    reshapeLines(
        buf,
        off,
        len,
        1,
        new LineSink() {
          @Override
          public void row(KeyedRow r, long line) {
            row[0] = r;
          }

          @Override
          public void rejected(RowRejectedException e, long line) {
            rejected[0] = e;
          }
        });
    if (rejected[0] != null) {
      throw rejected[0];
    }
    if (row[0] == null) {
      throw new RowRejectedException(Reason.NOT_JSON_OBJECT, "row is empty");
    }
    return row[0];
  }

  /**
   * Reshapes every line of {@code data[off, off+len)}, numbering them from {@code firstLine}. One
   * parser and one generator serve the whole block (making them per row would cost as much as the
   * parsing); after a bad line they start again at the next line. Blank lines are skipped.
   */
  public void reshapeLines(byte[] data, int off, int len, long firstLine, LineSink sink) {
    if (check != RowCheck.NONE) {
      sink = checked(sink);
    }
    if (only != null) {
      sink = only(sink);
    }
    int end = off + len;
    int base = off;
    long baseLine = firstLine;
    while (base < end) {
      long restartAfter = -1;
      KeyedRow pending = null;
      long pendingLine = -1;
      try (JsonParser p = JSON.createParser(data, base, end - base)) {
        parser = p;
        while (true) {
          JsonToken t;
          try {
            t = p.nextToken();
          } catch (JsonProcessingException e) {
            long line = baseLine + e.getLocation().getLineNr() - 1;
            if (pending != null && pendingLine != line) {
              sink.row(pending, pendingLine);
            }
            // a row followed by garbage on its own line goes down with that line
            pending = null;
            sink.rejected(
                new RowRejectedException(
                    Reason.NOT_JSON_OBJECT, "not valid JSON: " + e.getOriginalMessage()),
                line);
            restartAfter = line;
            break;
          }
          if (t == null) {
            break;
          }
          long line = baseLine + p.currentTokenLocation().getLineNr() - 1;
          if (pending != null) {
            if (pendingLine == line) {
              sink.rejected(
                  new RowRejectedException(Reason.NOT_JSON_OBJECT, "more than one JSON value"),
                  line);
              pending = null;
              restartAfter = line;
              break;
            }
            sink.row(pending, pendingLine);
            pending = null;
          }
          try {
            if (t != JsonToken.START_OBJECT) {
              throw new RowRejectedException(Reason.NOT_JSON_OBJECT, "row is not a JSON object");
            }
            pending = object();
            pendingLine = line;
          } catch (RowRejectedException e) {
            sink.rejected(e, line);
            restartAfter = line;
            break;
          } catch (JsonProcessingException e) {
            sink.rejected(
                new RowRejectedException(
                    Reason.NOT_JSON_OBJECT, "not valid JSON: " + e.getOriginalMessage()),
                line);
            restartAfter = line;
            break;
          }
        }
        if (pending != null) {
          sink.row(pending, pendingLine);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (restartAfter < 0) {
        return;
      }
      // start again after the bad line
      long lines = restartAfter - baseLine + 1;
      int pos = base;
      while (lines > 0 && pos < end) {
        if (data[pos++] == '\n') {
          lines--;
        }
      }
      base = pos;
      baseLine = restartAfter + 1;
      generator = null;
    }
  }

  private LineSink only(LineSink sink) {
    return new LineSink() {
      @Override
      public void row(KeyedRow row, long line) {
        if (only.test(row)) {
          sink.row(row, line);
        }
      }

      @Override
      public void rejected(RowRejectedException e, long line) {
        sink.rejected(e, line);
      }
    };
  }

  private LineSink checked(LineSink sink) {
    return new LineSink() {
      @Override
      public void row(KeyedRow row, long line) {
        try {
          check.check(row);
          sink.row(row, line);
        } catch (RowRejectedException e) {
          sink.rejected(e, line);
        }
      }

      @Override
      public void rejected(RowRejectedException e, long line) {
        sink.rejected(e, line);
      }
    };
  }

  /** One row object, the parser on its START_OBJECT; leaves the parser on its END_OBJECT. */
  private KeyedRow object() throws IOException, RowRejectedException {
    if (generator == null) {
      out.reset();
      generator = JSON.createGenerator(out);
      generator.setRootValueSeparator(null);
    }
    out.reset();
    pending.reset();
    where.clear();
    String[] keys = new String[keyPath.depth()];
    JsonParser p = parser;
    pending.push(null, true);
    int memberDepth = baseDepth + keys.length + 1;
    boolean done = false;
    try {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        int k = keyPath.fields().indexOf(name);
        if (k >= 0) {
          keys[k] = keyText(name, value);
        } else {
          member(name, value, memberDepth);
        }
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == null) {
          throw new RowRejectedException(
              Reason.MISSING_KEY, "row has no '" + keyPath.fields().get(i) + "'");
        }
        String problem = DatabaseKeys.problem(keys[i]);
        if (problem != null) {
          throw new RowRejectedException(
              Reason.INVALID_KEY, keyPath.fields().get(i) + ": " + problem);
        }
      }
      if (!pending.close()) {
        throw new RowRejectedException(Reason.INVALID_VALUE, "row holds nothing besides its keys");
      }
      generator.flush();
      if (out.size() > DatabaseKeys.MAX_NODE_BYTES) {
        throw new RowRejectedException(
            Reason.INVALID_VALUE,
            "the node is "
                + out.size()
                + " bytes, more than one database write holds ("
                + DatabaseKeys.MAX_NODE_BYTES
                + ")");
      }
      done = true;
      return new KeyedRow(List.of(keys), out.toByteArray());
    } finally {
      if (!done) {
        // the generator is somewhere inside the row: start a fresh one
        generator = null;
      }
    }
  }

  private String keyText(String field, JsonToken t) throws IOException, RowRejectedException {
    if (t == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return parser.getText();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      try {
        return new BigDecimal(parser.getText()).toBigIntegerExact().toString();
      } catch (ArithmeticException e) {
        // a fractional key is almost certainly a mistake
      }
    }
    String shown =
        t.isStructStart()
            ? (t == JsonToken.START_OBJECT ? "an object" : "an array")
            : parser.getText();
    if (t.isStructStart()) {
      parser.skipChildren();
    }
    throw new RowRejectedException(
        Reason.INVALID_KEY, field + ": must be a string or whole number, got " + shown);
  }

  /** Copies one object member, checking its name, depth and value. */
  private void member(String name, JsonToken t, int depth)
      throws IOException, RowRejectedException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (!validNames.contains(name)) {
      String problem = DatabaseKeys.problem(name);
      if (problem != null) {
        throw new RowRejectedException(Reason.INVALID_KEY, "field " + path("") + problem);
      }
      if (validNames.size() < 10_000) {
        validNames.add(name);
      }
    }
    where.addLast(name);
    value(name, t, depth);
    where.removeLast();
  }

  /** Refuses a string the database would refuse: more than 10 MB of UTF-8. */
  private void checkStringSize() throws IOException, RowRejectedException {
    int chars = parser.getTextLength();
    // a char is at most 3 bytes of UTF-8 (a pair of surrogates, 4 for 2 chars)
    if ((long) chars * 3 <= DatabaseKeys.MAX_STRING_BYTES) {
      return;
    }
    long bytes =
        Utf8.encodedLength(
            CharBuffer.wrap(parser.getTextCharacters(), parser.getTextOffset(), chars));
    if (bytes > DatabaseKeys.MAX_STRING_BYTES) {
      throw new RowRejectedException(
          Reason.INVALID_VALUE,
          "field "
              + path("").replaceAll("\\.$", "")
              + " is a string of "
              + bytes
              + " bytes, more than the database holds ("
              + DatabaseKeys.MAX_STRING_BYTES
              + ")");
    }
  }

  /** "a.b.c." for the names leading to the current value, then {@code last}. */
  private String path(String last) {
    StringBuilder sb = new StringBuilder();
    where.forEach(n -> sb.append(n).append('.'));
    return sb + last;
  }

  private void value(String name, JsonToken t, int depth) throws IOException, RowRejectedException {
    if (depth > DatabaseKeys.MAX_DEPTH) {
      throw new RowRejectedException(
          Reason.TOO_DEEP,
          "field "
              + path("")
              + " lies "
              + depth
              + " levels deep (limit "
              + DatabaseKeys.MAX_DEPTH
              + ")");
    }
    switch (t) {
      case START_OBJECT -> {
        pending.push(name, true);
        for (JsonToken m = parser.nextToken(); m != JsonToken.END_OBJECT; m = parser.nextToken()) {
          String child = parser.currentName();
          member(child, parser.nextToken(), depth + 1);
        }
        pending.close();
      }
      case START_ARRAY -> {
        pending.push(name, false);
        int i = 0;
        for (JsonToken e = parser.nextToken();
            e != JsonToken.END_ARRAY;
            e = parser.nextToken(), i++) {
          if (e == JsonToken.VALUE_NULL) {
            pending.flush();
            generator.writeNull();
          } else {
            where.addLast(Integer.toString(i));
            value(null, e, depth + 1);
            where.removeLast();
          }
        }
        pending.close();
      }
      default -> {
        // whole numbers too: the database stores numbers as doubles, and the Admin SDK turns a
        // 401-digit literal into Infinity
        if ((t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)
            && mayOverflow()
            && !Double.isFinite(parser.getDoubleValue())) {
          throw new RowRejectedException(
              Reason.INVALID_VALUE,
              "field " + path("") + " is a number out of range: " + parser.getText());
        }
        pending.flush();
        if (name != null) {
          generator.writeFieldName(name);
        }
        switch (t) {
          case VALUE_STRING -> {
            checkStringSize();
            generator.writeString(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
          }
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
          case VALUE_TRUE -> generator.writeBoolean(true);
          case VALUE_FALSE -> generator.writeBoolean(false);
          default -> throw new RowRejectedException(Reason.NOT_JSON_OBJECT, "unexpected " + t);
        }
      }
    }
  }

  /** Only an exponent or hundreds of digits can put a number beyond a double's range. */
  private boolean mayOverflow() throws IOException {
    int n = parser.getTextLength();
    if (n > 300) {
      return true;
    }
    char[] c = parser.getTextCharacters();
    int off = parser.getTextOffset();
    for (int i = off; i < off + n; i++) {
      if (c[i] == 'e' || c[i] == 'E') {
        return true;
      }
    }
    return false;
  }

  /**
   * Containers opened but not yet written: a container is written only when something goes in it,
   * so empty ones (the database would not keep them) vanish without a tree to prune.
   */
  private final class Pending {
    private String[] names = new String[DatabaseKeys.MAX_DEPTH + 2];
    private boolean[] objects = new boolean[DatabaseKeys.MAX_DEPTH + 2];
    private int size;
    private int written;

    void reset() {
      size = 0;
      written = 0;
    }

    void push(String name, boolean object) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        objects = Arrays.copyOf(objects, size * 2);
      }
      names[size] = name;
      objects[size] = object;
      size++;
    }

    void flush() throws IOException {
      for (; written < size; written++) {
        if (names[written] != null) {
          generator.writeFieldName(names[written]);
        }
        if (objects[written]) {
          generator.writeStartObject();
        } else {
          generator.writeStartArray();
        }
      }
    }

    /** Ends the innermost container; false when it was empty and so never written. */
    boolean close() throws IOException {
      size--;
      if (written > size) {
        written = size;
        if (objects[size]) {
          generator.writeEndObject();
        } else {
          generator.writeEndArray();
        }
        return true;
      }
      return false;
    }
  }
}

package cradle.shared.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A {@code notebook_execution_job_id} that Vertex AI accepts, derived from the run's job name.
 *
 * <p>The API documents the field only as "user specified ID"; Vertex AI's user-chosen resource ids
 * follow RFC 1035 labels (a lower-case letter, then letters, digits and hyphens, not ending in a
 * hyphen, at most 63 characters), so every id is kept inside that rule. A run id may be 63
 * characters, making {@code cradle-notebook-RUN_ID} up to 79: such ids keep their first characters
 * and end in a hash of the whole name, so two runs never share a job and the same run always
 * derives the same id (the duplicate delivery still meets ALREADY_EXISTS).
 */
public final class VertexJobId {
  public static final int MAX_LENGTH = 63;
  public static final Pattern VALID = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final int HASH_HEX = 10;

  private VertexJobId() {}

  public static String of(String name) {
    if (VALID.matcher(name).matches()) {
      return name;
    }
    String cleaned = name.toLowerCase().replaceAll("[^a-z0-9-]", "-");
    String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - HASH_HEX - 1));
    head = head.replaceAll("-+$", "");
    if (head.isEmpty() || !Character.isLetter(head.charAt(0))) {
      head = "j" + head.substring(0, Math.max(0, head.length() - 1));
      head = head.replaceAll("-+$", "");
    }
    return head + "-" + hash(name);
  }

  private static String hash(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

package cradle.local.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The services terraform/apis.tf enables, from the copy of that file the build puts in the jar. */
final class TerraformApis {
  static final String RESOURCE = "terraform/apis.tf";
  private static final String BLOCK = "resource \"google_project_service\" \"required\"";
  private static final Pattern SERVICE = Pattern.compile("\"([a-z0-9-]+\\.googleapis\\.com)\"");

  private TerraformApis() {}

  static List<String> enabled() {
    try (InputStream in = TerraformApis.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not in the jar; rebuild functions/local");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The quoted services of the {@code required} block's {@code toset([...])}. */
  static List<String> parse(String apisTf) {
    int block = apisTf.indexOf(BLOCK);
    int open = block < 0 ? -1 : apisTf.indexOf("toset([", block);
    int close = open < 0 ? -1 : apisTf.indexOf("])", open);
    if (close < 0) {
      throw new IllegalStateException(
          "apis.tf: no "
              + BLOCK
              + " with for_each = toset([...]); the doctor reads its APIs there");
    }
    List<String> services = new ArrayList<>();
    Matcher m = SERVICE.matcher(apisTf.substring(open, close));
    while (m.find()) {
      services.add(m.group(1));
    }
    return List.copyOf(services);
  }
}

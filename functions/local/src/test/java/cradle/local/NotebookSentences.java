package cradle.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every sentence template of the report notebook, read from the notebook's own tables ({@code
 * SENTENCES} for the summary, {@code FLAG_TEXT} for the flags) by running the cells that define
 * them in Python: a sentence added to either table is a template the wording test must see
 * produced.
 */
record NotebookSentences(Map<String, Template> templates) {

  /** One sentence in English and Japanese, its {@code {fields}} matching any text. */
  record Template(String key, String en, String ja) {
    boolean matches(String enText, String jaText) {
      return regex(en).matcher(enText).matches() && regex(ja).matcher(jaText).matches();
    }

    private static Pattern regex(String template) {
      StringBuilder b = new StringBuilder();
      Matcher m = Pattern.compile("\\{[a-z_]+}").matcher(template);
      int at = 0;
      while (m.find()) {
        b.append(Pattern.quote(template.substring(at, m.start()))).append("(.+?)");
        at = m.end();
      }
      return Pattern.compile(b.append(Pattern.quote(template.substring(at))).toString());
    }
  }

  static NotebookSentences load() throws Exception {
    JsonObject notebook;
    try (InputStream in =
        NotebookSentences.class.getResourceAsStream("/cradle/notebook/cradle_report.ipynb")) {
      notebook =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
    }
    StringBuilder code = new StringBuilder("import datetime as dt, json\n");
    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      StringBuilder source = new StringBuilder();
      cell.getAsJsonObject().getAsJsonArray("source").forEach(l -> source.append(l.getAsString()));
      if (source.indexOf("SENTENCES = {") >= 0 || source.indexOf("FLAG_TEXT = {") >= 0) {
        code.append(source).append('\n');
      }
    }
    code.append(
        "print(json.dumps({**{k: v for k, v in SENTENCES.items()},"
            + " **{'flag:' + k: v for k, v in FLAG_TEXT.items()}}, ensure_ascii=False))\n");
    Process p =
        new ProcessBuilder("python3", "-c", code.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError("reading the notebook's sentence tables failed:\n" + out);
    }
    Map<String, Template> templates = new LinkedHashMap<>();
    for (var e : JsonParser.parseString(out).getAsJsonObject().entrySet()) {
      List<JsonElement> pair = e.getValue().getAsJsonArray().asList();
      templates.put(
          e.getKey(),
          new Template(e.getKey(), pair.get(0).getAsString(), pair.get(1).getAsString()));
    }
    if (!templates.containsKey("within") || !templates.containsKey("flag:sleep_up")) {
      throw new AssertionError(
          "the notebook's sentence tables were not found: " + templates.keySet());
    }
    return new NotebookSentences(templates);
  }

  /** The template a summary ({@code flag} null) or a flag's sentence was made from. */
  Template of(String flag, String en, String ja) {
    List<Template> found =
        templates.values().stream()
            .filter(
                t -> flag == null ? !t.key().startsWith("flag:") : t.key().equals("flag:" + flag))
            .filter(t -> t.matches(en, ja))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " templates make: " + en + " / " + ja);
    }
    return found.get(0);
  }
}

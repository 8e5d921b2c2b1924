package cradle.local.generate;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each baby's {@link Truth} as one JSON line ({@code truth.jsonl} beside the warehouse):
 * what happened, for an audit to judge the reports against. Logging does not change it.
 */
public final class TruthFile implements AutoCloseable {
  /** The file's name in the data directory. */
  public static final String NAME = "truth.jsonl";

  private final Gson gson = new Gson();
  private final BufferedWriter out;

  public TruthFile(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  public void write(Truth t) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("user_id", t.baby().userId());
    o.addProperty("baby_id", t.baby().babyId());
    o.addProperty("birth_date", t.baby().birthDate().toString());
    JsonObject traits = new JsonObject();
    traits.addProperty("sleeper", t.traits().sleeper());
    traits.addProperty("early_waker", t.traits().earlyWaker());
    traits.addProperty("late_bedtime", t.traits().lateBedtime());
    traits.addProperty("nap_transition", t.traits().napTransition());
    traits.addProperty("sick", t.traits().sickFrom() >= 0);
    o.add("traits", traits);
    JsonArray days = new JsonArray();
    for (Truth.Day d : t.days()) {
      JsonObject day = new JsonObject();
      day.addProperty("date", d.date().toString());
      day.addProperty("sleep_min", d.sleepMin());
      day.addProperty("night_sleep_min", d.nightSleepMin());
      day.addProperty("naps", d.naps());
      day.addProperty("night_wakings", d.nightWakings());
      day.addProperty("feeds", d.feeds());
      day.addProperty("diapers", d.diapers());
      day.addProperty("dirty_diapers", d.dirtyDiapers());
      days.add(day);
    }
    o.add("days", days);
    out.write(gson.toJson(o));
    out.write('\n');
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

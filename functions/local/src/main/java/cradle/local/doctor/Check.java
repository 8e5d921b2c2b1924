package cradle.local.doctor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One finding of the doctor.
 *
 * @param fix what to do when it failed (null when it passed)
 */
public record Check(String name, boolean ok, String detail, String fix) {
  static Check pass(String name, String detail) {
    return new Check(name, true, detail, null);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, false, detail, fix);
  }

  /**
   * A read that Google refused. A 403 whose ErrorInfo says SERVICE_DISABLED means the API is off in
   * the project that pays for the call (the consumer: the quota project of your credentials), not
   * that you lack a role, so it gets the command that enables it.
   */
  static Check unreadable(String name, GoogleApi.Reply r, String role) {
    Disabled disabled = serviceDisabled(r.body());
    if (r.status() == 403 && disabled != null) {
      String consumer = disabled.consumer().replaceFirst("^projects/", "");
      return fail(
          name,
          "could not read: " + disabled.service() + " is not enabled in project " + consumer,
          "gcloud services enable "
              + disabled.service()
              + " --project "
              + consumer
              + " (project "
              + consumer
              + " is the quota project your credentials bill; if it is not yours, choose one:"
              + " gcloud auth application-default set-quota-project PROJECT)");
    }
    return fail(
        name,
        "could not read: " + r.error(),
        r.status() == 403
            ? "run with an account that has " + role + " (or roles/viewer) on the project"
            : "retry; if it persists, check the project id");
  }

  private record Disabled(String service, String consumer) {}

  /** The google.rpc.ErrorInfo with reason SERVICE_DISABLED in an error body, or null. */
  private static Disabled serviceDisabled(JsonObject body) {
    if (!body.has("error") || !body.get("error").isJsonObject()) {
      return null;
    }
    JsonObject error = body.getAsJsonObject("error");
    if (!error.has("details")) {
      return null;
    }
    for (JsonElement d : error.getAsJsonArray("details")) {
      JsonObject detail = d.getAsJsonObject();
      if (detail.has("reason")
          && detail.get("reason").getAsString().equals("SERVICE_DISABLED")
          && detail.has("metadata")) {
        JsonObject metadata = detail.getAsJsonObject("metadata");
        if (metadata.has("service") && metadata.has("consumer")) {
          return new Disabled(
              metadata.get("service").getAsString(), metadata.get("consumer").getAsString());
        }
      }
    }
    return null;
  }

  /** One line: {@code ok NAME DETAIL} or {@code FAIL NAME DETAIL; fix: FIX}. */
  public String line() {
    return String.format(
        "%-4s  %-34s %s%s", ok ? "ok" : "FAIL", name, detail, ok ? "" : "; fix: " + fix);
  }
}

package cradle.local.doctor;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * The few Google REST reads the doctor makes. Every call is a read: GETs, and the {@code
 * getIamPolicy} POSTs that only read a policy.
 */
public interface GoogleApi {

  /**
   * @param status the HTTP status
   * @param body the JSON body (an empty object when there was none or it was not JSON)
   */
  record Reply(int status, JsonObject body) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** Google's error message, or the status. */
    String error() {
      if (body.has("error") && body.get("error").isJsonObject()) {
        JsonObject e = body.getAsJsonObject("error");
        if (e.has("message")) {
          return status + " " + e.get("message").getAsString();
        }
      }
      if (body.has("error") && body.get("error").isJsonPrimitive()) {
        return status + " " + body.get("error").getAsString();
      }
      return "HTTP " + status;
    }
  }

  Reply get(String url) throws IOException;

  /** A POST that reads (getIamPolicy); {@code json} is its request body. */
  Reply read(String url, String json) throws IOException;
}

package cradle.local.doctor;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A double of Google's REST APIs: answers only the requests it was given, records every request in
 * order, and fails the test on any other.
 */
final class FakeGoogleApi implements GoogleApi {
  private final Map<String, Reply> replies = new LinkedHashMap<>();
  final List<String> requests = new ArrayList<>();

  FakeGoogleApi on(String request, int status, String json) {
    JsonObject body =
        json.isEmpty() ? new JsonObject() : JsonParser.parseString(json).getAsJsonObject();
    replies.put(request, new Reply(status, body));
    return this;
  }

  @Override
  public Reply get(String url) {
    return answer("GET " + url);
  }

  @Override
  public Reply read(String url, String json) {
    return answer("POST " + url + " " + json);
  }

  private Reply answer(String request) {
    requests.add(request);
    Reply reply = replies.get(request);
    if (reply == null) {
      throw new AssertionError("unexpected request: " + request);
    }
    return reply;
  }
}

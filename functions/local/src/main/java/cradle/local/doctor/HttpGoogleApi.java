package cradle.local.doctor;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@link GoogleApi} over HTTPS with the operator's application default credentials (gcloud auth
 * application-default login). The token travels in a header, never in a URL.
 */
public final class HttpGoogleApi implements GoogleApi {
  static final List<String> SCOPES =
      List.of(
          "https://www.googleapis.com/auth/cloud-platform",
          "https://www.googleapis.com/auth/firebase.database",
          "https://www.googleapis.com/auth/userinfo.email");

  private final GoogleCredentials credentials;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  public HttpGoogleApi(GoogleCredentials credentials) {
    this.credentials = credentials;
  }

  public static HttpGoogleApi applicationDefault() throws IOException {
    return new HttpGoogleApi(GoogleCredentials.getApplicationDefault().createScoped(SCOPES));
  }

  @Override
  public Reply get(String url) throws IOException {
    return send(request(url).GET().build());
  }

  @Override
  public Reply read(String url, String json) throws IOException {
    return send(
        request(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpRequest.Builder request(String url) throws IOException {
    credentials.refreshIfExpired();
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + credentials.getAccessToken().getTokenValue());
  }

  private Reply send(HttpRequest request) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), json(response.body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static JsonObject json(String body) {
    try {
      var parsed = JsonParser.parseString(body);
      return parsed.isJsonObject() ? parsed.getAsJsonObject() : wrap(parsed);
    } catch (JsonParseException | IllegalStateException e) {
      return new JsonObject();
    }
  }

  private static JsonObject wrap(com.google.gson.JsonElement value) {
    JsonObject o = new JsonObject();
    o.add("value", value);
    return o;
  }
}

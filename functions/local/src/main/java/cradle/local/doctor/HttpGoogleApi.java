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
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@link GoogleApi} over HTTPS with the operator's application default credentials (gcloud auth
 * application-default login). Every request carries the headers Google's auth library gives for it:
 * the token (in a header, never in a URL) and, when the credentials name a quota project, {@code
 * x-goog-user-project}, without which Service Usage and others answer 403 under user credentials.
 */
public final class HttpGoogleApi implements GoogleApi {
  static final List<String> SCOPES =
      List.of(
          "https://www.googleapis.com/auth/cloud-platform",
          "https://www.googleapis.com/auth/firebase.database",
          "https://www.googleapis.com/auth/userinfo.email");

  private final GoogleCredentials credentials;
  private final UnaryOperator<URI> route;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  public HttpGoogleApi(GoogleCredentials credentials) {
    this(credentials, UnaryOperator.identity());
  }

  /**
   * @param route where a request for a URL is sent (a test sends Google's URLs to a double); the
   *     credentials still see the URL asked for
   */
  HttpGoogleApi(GoogleCredentials credentials, UnaryOperator<URI> route) {
    this.credentials = credentials;
    this.route = route;
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
    URI uri = URI.create(url);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(route.apply(uri)).timeout(Duration.ofSeconds(30));
    // the library's own headers, as its clients send them (refreshing the token when due)
    for (Map.Entry<String, List<String>> header : credentials.getRequestMetadata(uri).entrySet()) {
      for (String value : header.getValue()) {
        request.header(header.getKey(), value);
      }
    }
    return request;
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

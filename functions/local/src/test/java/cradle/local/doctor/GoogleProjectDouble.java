package cradle.local.doctor;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Google Cloud project as its REST APIs answer, served over HTTP in-process. It answers only the
 * exact requests it was given (method, URL with its query, JSON body), and only when they carry
 * what Google's front end wants under user credentials: the bearer token and, for *.googleapis.com,
 * {@code x-goog-user-project} naming the quota project (without it: the 403 SERVICE_DISABLED a
 * client without a quota project gets). Anything else is 404 NOT_FOUND. It records every request.
 */
public final class GoogleProjectDouble implements AutoCloseable {
  static final String TOKEN = "ya29.doctor-test";
  public static final String QUOTA_PROJECT = "my-cradle";
  private static final String REFRESH_TOKEN = "1//doctor-test-refresh";

  private record Reply(int status, String json) {}

  private final Map<String, Reply> replies = new LinkedHashMap<>();
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  GoogleProjectDouble() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Answers {@code request} ("GET https://..." or "POST https://... BODY") with this reply. */
  GoogleProjectDouble on(String request, int status, String json) {
    replies.put(request, new Reply(status, json));
    return this;
  }

  /** No longer answers {@code request}: it gets 404, as for a thing that does not exist. */
  GoogleProjectDouble without(String request) {
    replies.remove(request);
    return this;
  }

  /** Sends https://HOST/PATH to this server as /HOST/PATH. */
  URI route(URI uri) {
    return URI.create(
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + "/"
            + uri.getHost()
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /**
   * The operator's credentials as gcloud auth application-default login leaves them (a refresh
   * token, a quota project or none), exchanging the refresh token at this double's token endpoint.
   */
  public GoogleCredentials userCredentials(String quotaProject) {
    UserCredentials.Builder builder =
        UserCredentials.newBuilder()
            .setClientId("doctor-test.apps.googleusercontent.com")
            .setClientSecret("doctor-test-secret")
            .setRefreshToken(REFRESH_TOKEN)
            .setTokenServerUri(route(URI.create("https://oauth2.googleapis.com/token")));
    if (quotaProject != null) {
      builder.setQuotaProjectId(quotaProject);
    }
    return builder.build();
  }

  /** The doctor's real HTTP client, with these credentials, sending to this double. */
  public GoogleApi api(GoogleCredentials credentials) {
    return new HttpGoogleApi(credentials, this::route);
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath().substring(1);
    String query = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String request =
        exchange.getRequestMethod()
            + " https://"
            + path
            + (query == null ? "" : "?" + query)
            + (body.isEmpty() ? "" : " " + body);
    requests.add(request);
    String host = path.substring(0, path.indexOf('/'));
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String quota = exchange.getRequestHeaders().getFirst("x-goog-user-project");
    Reply reply;
    if (path.equals("oauth2.googleapis.com/token")) {
      reply = token(body);
    } else if (!("Bearer " + TOKEN).equals(auth)) {
      reply = error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    } else if (host.endsWith(".googleapis.com") && !QUOTA_PROJECT.equals(quota)) {
      reply = serviceDisabled(host);
    } else if (exchange.getRequestMethod().equals("POST")
        && !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      reply = error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    } else {
      reply =
          replies.getOrDefault(request, error(404, "NOT_FOUND", "Requested entity was not found."));
    }
    byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  /** Google's OAuth 2.0 token endpoint, for the refresh-token grant only. */
  private static Reply token(String form) {
    List<String> fields = List.of(form.split("&"));
    if (fields.contains("grant_type=refresh_token")
        && fields.contains("refresh_token=" + URLEncoder.encode(REFRESH_TOKEN, UTF_8))) {
      return new Reply(
          200,
          "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }
    return new Reply(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
  }

  private static Reply error(int code, String status, String message) {
    return new Reply(
        code,
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\",\"status\":\""
            + status
            + "\"}}");
  }

  /** What an API answers a user-credentials call that names no quota project. */
  private static Reply serviceDisabled(String host) {
    return new Reply(
        403,
        """
        {"error":{"code":403,"message":"Your application is authenticating by using local \
        Application Default Credentials. The %s API requires a quota project, which is not set \
        by default.","status":"PERMISSION_DENIED","details":[{"@type":\
        "type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":\
        "googleapis.com","metadata":{"consumer":"projects/764086051850","service":"%s"}}]}}"""
            .formatted(host, host));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

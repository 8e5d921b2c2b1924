package cradle.local.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client the doctor uses, against an in-process server: method, token, body, errors. */
class HttpGoogleApiTest {
  private HttpServer server;
  private final List<String> seen = new ArrayList<>();
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + (body.isEmpty() ? "" : " " + body));
          boolean missing = exchange.getRequestURI().getPath().contains("missing");
          byte[] reply =
              (missing ? "{\"error\":{\"code\":404,\"message\":\"no such thing\"}}" : "{\"a\":1}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(missing ? 404 : 200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void getAndRead_sendTheOperatorsTokenInAHeader_andParseTheReply() throws Exception {
    GoogleCredentials credentials =
        GoogleCredentials.create(
            new AccessToken("ya29.token", Date.from(Instant.now().plusSeconds(3600))));
    HttpGoogleApi api = new HttpGoogleApi(credentials);

    GoogleApi.Reply ok = api.get(base + "/v1/projects/p?x=1");
    GoogleApi.Reply missing = api.get(base + "/v1/missing");
    GoogleApi.Reply policy = api.read(base + "/v1/projects/p:getIamPolicy", "{\"options\":{}}");

    assertEquals(200, ok.status());
    assertEquals(1, ok.body().get("a").getAsInt());
    assertEquals("404 no such thing", missing.error());
    assertEquals(200, policy.status());
    assertEquals(
        List.of(
            "GET /v1/projects/p?x=1 Bearer ya29.token",
            "GET /v1/missing Bearer ya29.token",
            "POST /v1/projects/p:getIamPolicy Bearer ya29.token {\"options\":{}}"),
        seen);
  }
}

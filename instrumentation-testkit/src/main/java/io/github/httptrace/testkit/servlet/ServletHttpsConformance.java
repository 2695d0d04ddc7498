package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.client.TestCertificates;
import jakarta.servlet.AsyncContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model (server) and Tags over real HTTPS: the container's TLS connector ({@link
 * ContainerUnderTest#useHttps}, with the test kit's self-signed certificate) beside its plain one, requests from the
 * JDK's client over TLS 1.3 / HTTP/1.1. The server span is what it is over plain HTTP, with the scheme and port the
 * request came in on: {@code http.url} {@code https://127.0.0.1:<https port>/...} (on OpenTelemetry {@code
 * url.scheme=https}, {@code server.port}), {@code peer.ipv4} / {@code peer.port} the client's end of the TLS
 * connection. A handful of cases, not the suite again: TLS changes the connector, not the filter.
 *
 * <p>A container whose adapter has no TLS connector skips every case with the reason its {@link
 * ContainerUnderTest#useHttps} gives.
 */
public abstract class ServletHttpsConformance extends ServletConformanceBase {

  /** For subclasses: a container module's or a binding's run of these cases. */
  protected ServletHttpsConformance() {}

  private final HttpClient httpsClient = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .sslContext(TestCertificates.clientContext())
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  /** What the servlets saw: scheme, isSecure, the port the request came in on, the span current. */
  private final List<Object> seen = new CopyOnWriteArrayList<>();

  @Override
  boolean needsHttps() {
    return true;
  }

  /** Skips the case, with the adapter's reason, on a container without a TLS connector. */
  @BeforeEach
  void httpsOrSkip() {
    seen.clear();
    if (httpsUnsupported != null) {
      withoutProbe(); // nothing is sent, so nothing is probed
      Assumptions.abort("no HTTPS on this container: " + httpsUnsupported);
    }
  }

  /** Stops the async cases' worker. */
  @AfterAll
  void stopWorker() {
    worker.shutdownNow();
  }

  /** {@code https://127.0.0.1:HTTPS_PORT} + {@code pathAndQuery}. */
  protected URI httpsUri(String pathAndQuery) {
    return URI.create("https://127.0.0.1:" + container().httpsPort() + pathAndQuery);
  }

  private HttpResponse<String> httpsGet(String pathAndQuery, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(httpsUri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return httpsClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void hello(WebApp app) {
    app.servlet("/hello", (request, response) -> {
      seen.add(request.getScheme());
      seen.add(request.isSecure());
      seen.add(request.getLocalPort());
      seen.add(tracer.current()); // the list takes null
      response.setContentType("text/plain");
      response.getWriter().print("hello");
    });
  }

  private Map<String, Object> serverTags(String url, int status, TestSpan span) {
    int clientPort = (Integer) span.tags().get("peer.port");
    assertTrue(clientPort > 0 && clientPort != port() && clientPort != container().httpsPort(),
        () -> "peer.port is the client's end: " + clientPort);
    return Map.of(
        "span.kind", "server",
        "component", "java-servlet",
        "http.method", "GET",
        "http.url", url,
        "http.status_code", status,
        "peer.ipv4", "127.0.0.1",
        "peer.port", clientPort);
  }

  /**
   * A GET over HTTPS is one root server span with exactly the server tags, {@code http.url} with scheme {@code https}
   * and the TLS connector's port; the servlet sees the same scheme, a secure request, and the span current.
   */
  @Test
  void anHttpsGetHasExactlyTheServerTagsWithItsSchemeAndPort() throws Exception {
    deploy(this::hello);

    HttpResponse<String> response = httpsGet("/app/hello?page=2", Map.of());

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    assertTrue(response.sslSession().isPresent(), "the response came over TLS");
    TestSpan span = onlySpan();
    assertEquals(tracer.defaultName(SpanKind.SERVER, "GET"), span.name());
    assertNull(span.parentId());
    int httpsPort = container().httpsPort();
    assertEquals(serverTags("https://127.0.0.1:" + httpsPort + "/app/hello?page=2", 200, span), span.tags());
    assertEquals(List.of(), span.logs());
    assertTrue(span.finishMicros() >= span.startMicros());
    assertEquals(List.of("https", true, httpsPort), seen.subList(0, 3), "what the servlet saw");
    assertEquals(span.spanId(), tracer.spanIdOf(seen.get(3)), "the span is current inside the servlet");
  }

  /**
   * The same application reached over HTTP and over HTTPS: two root spans, each {@code http.url} with the scheme and
   * port its own request came in on.
   */
  @Test
  void theSameApplicationOverHttpAndHttpsTagsEachRequestWithItsOwnScheme() throws Exception {
    deploy(this::hello);

    assertEquals("hello", get("/app/hello").body());
    assertEquals("hello", httpsGet("/app/hello", Map.of()).body());

    List<TestSpan> spans = finishedSpans(2).stream().sorted(Comparator.comparingLong(TestSpan::startMicros)).toList();
    assertEquals(serverTags("http://127.0.0.1:" + port() + "/app/hello", 200, spans.get(0)), spans.get(0).tags());
    assertEquals(serverTags("https://127.0.0.1:" + container().httpsPort() + "/app/hello", 200, spans.get(1)),
        spans.get(1).tags());
    assertNotEquals(spans.get(0).traceId(), spans.get(1).traceId(), "two requests, two new traces");
    assertEquals(List.of("http", false, port()), seen.subList(0, 3));
    assertEquals(List.of("https", true, container().httpsPort()), seen.subList(4, 7));
  }

  /** The server span continues the trace whose headers came inside the TLS connection. */
  @Test
  void anHttpsRequestContinuesTheTraceInItsHeaders() throws Exception {
    deploy(this::hello);
    TestTracer.CallerSpan client = tracer.startCaller("client");

    assertEquals("hello", httpsGet("/app/hello", tracer.inject(client)).body());

    TestSpan server = onlySpan();
    assertEquals(client.traceId(), server.traceId());
    assertEquals(client.spanId(), server.parentId());
    assertNotEquals(client.spanId(), server.spanId());
    assertEquals("https://127.0.0.1:" + container().httpsPort() + "/app/hello", server.tags().get("http.url"));
  }

  /**
   * An async request over HTTPS, completed on the application's own thread after the filter returned: one span
   * finished at completion with the status sent then, the https URL, no error.
   */
  @Test
  void anAsyncRequestOverHttpsIsFinishedAtItsCompletion() throws Exception {
    deploy(app -> app.servlet("/later", (request, response) -> {
      AsyncContext async = request.startAsync();
      worker.execute(() -> {
        try {
          response.setStatus(202);
          response.getWriter().print("later");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        async.complete();
      });
    }));

    HttpResponse<String> response = httpsGet("/app/later", Map.of());

    assertEquals(202, response.statusCode());
    assertEquals("later", response.body());
    TestSpan span = onlySpan();
    assertEquals(serverTags("https://127.0.0.1:" + container().httpsPort() + "/app/later", 202, span), span.tags());
    assertEquals(List.of(), span.logs());
  }

  /**
   * A client that does not trust the certificate fails its handshake: no request reached the application, so no
   * span; the next, trusted, request is the only span.
   */
  @Test
  void aFailedHandshakeReachesNoApplicationAndMakesNoSpan() throws Exception {
    deploy(this::hello);
    HttpClient untrusting = HttpClient.newBuilder() // the platform's trust: the self-signed certificate is unknown
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    HttpRequest request = HttpRequest.newBuilder(httpsUri("/app/hello")).timeout(Duration.ofSeconds(10)).build();

    assertThrows(SSLException.class, () -> untrusting.send(request, HttpResponse.BodyHandlers.ofString()));
    assertEquals(List.of(), seen, "the application saw nothing");
    assertEquals("hello", httpsGet("/app/hello", Map.of()).body());

    TestSpan span = onlySpan();
    assertEquals("https://127.0.0.1:" + container().httpsPort() + "/app/hello", span.tags().get("http.url"));
  }
}

package io.github.httptrace.it.jetty10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.servlet.TracingFilter;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.TestCertificates;
import io.github.httptrace.testkit.servlet.WebApp;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.servlet.AsyncContext;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's claim for Servlet 3.1 containers, on Jetty 9.4: httptrace-servlet-javax works there, configured in code
 * or by init-params, synchronous and async, except {@code operationNameFromMapping} (Servlet 4's
 * HttpServletMapping), which there leaves the span its default name and the request untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Servlet31Test {
  private final JettyContainer container = new JettyContainer();
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private MockTracer tracer;

  @BeforeAll
  void start() throws Exception {
    // The servlet suite's HTTPS topic cannot run here (its probe filter is Servlet 4 code, see the pom):
    // httpsRequestHasTheHttpsSchemeAndPort below is its one case on Jetty 9.4's TLS connector.
    container.useHttps(TestCertificates.keyStore(), TestCertificates.keyStorePassword());
    container.start();
  }

  @AfterAll
  void stop() throws Exception {
    worker.shutdownNow();
    container.close();
  }

  @BeforeEach
  void newTracer() {
    tracer = new MockTracer();
  }

  @AfterEach
  void undeploy() throws Exception {
    container.undeploy("/app");
    SpanAssertions.assertFinishedExactlyOnce(tracer);
  }

  @Test
  void runsOnAServlet31Container() {
    assertTrue(Jetty.VERSION.startsWith("9.4."), Jetty.VERSION);
    // Servlet 3.1's API is on the class path, not 4's.
    assertThrows(ClassNotFoundException.class, () -> Class.forName("javax.servlet.http.HttpServletMapping"));
  }

  @Test
  void synchronousRequestHasOneServerSpan() throws Exception {
    container.deploy(WebApp.at("/app")
        .filter(TracingFilter.create(tracer))
        .servlet("/hello", (request, response) -> response.getWriter().print("hello")));

    HttpResponse<String> response = get("/app/hello?q=1");

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    MockSpan span = onlySpan();
    assertEquals("HTTP GET", span.operationName());
    assertEquals(Tags.SPAN_KIND_SERVER, span.tags().get(Tags.SPAN_KIND.getKey()));
    assertEquals("java-servlet", span.tags().get(Tags.COMPONENT.getKey()));
    assertEquals("GET", span.tags().get(Tags.HTTP_METHOD.getKey()));
    assertEquals("http://127.0.0.1:" + container.port() + "/app/hello?q=1", span.tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(200, span.tags().get(Tags.HTTP_STATUS.getKey()));
    assertNull(span.tags().get(Tags.ERROR.getKey()));
  }

  /**
   * A request over Jetty 9.4's TLS connector (the adapter's {@code useHttps}, the test kit's self-signed certificate):
   * the same one server span, {@code http.url} with scheme {@code https} and the TLS connector's port, the peer the
   * client's end of the TLS connection.
   */
  @Test
  void httpsRequestHasTheHttpsSchemeAndPort() throws Exception {
    container.deploy(WebApp.at("/app")
        .filter(TracingFilter.create(tracer))
        .servlet("/hello", (request, response) -> response.getWriter().print(request.getScheme() + " "
            + request.isSecure())));
    HttpClient https = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(TestCertificates.clientContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    HttpResponse<String> response = https.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + container.httpsPort() + "/app/hello?q=1"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("https true", response.body());
    assertTrue(response.sslSession().isPresent());
    MockSpan span = onlySpan();
    int clientPort = (Integer) span.tags().get(Tags.PEER_PORT.getKey());
    assertTrue(clientPort > 0 && clientPort != container.httpsPort() && clientPort != container.port());
    assertEquals(Map.of(
        Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER,
        Tags.COMPONENT.getKey(), "java-servlet",
        Tags.HTTP_METHOD.getKey(), "GET",
        Tags.HTTP_URL.getKey(), "https://127.0.0.1:" + container.httpsPort() + "/app/hello?q=1",
        Tags.HTTP_STATUS.getKey(), 200,
        Tags.PEER_HOST_IPV4.getKey(), "127.0.0.1",
        Tags.PEER_PORT.getKey(), clientPort), span.tags());
    assertEquals(List.of(), span.logEntries());
  }

  @Test
  void asyncRequestIsFinishedWhenItCompletes() throws Exception {
    container.deploy(WebApp.at("/app")
        .filter(TracingFilter.create(tracer))
        .servlet("/async", (request, response) -> {
          AsyncContext async = request.startAsync();
          worker.execute(() -> {
            try {
              ((javax.servlet.http.HttpServletResponse) async.getResponse()).setStatus(202);
              async.getResponse().getWriter().print("later");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            } finally {
              async.complete();
            }
          });
        }));

    HttpResponse<String> response = get("/app/async");

    assertEquals(202, response.statusCode());
    assertEquals("later", response.body());
    assertEquals(202, onlySpan().tags().get(Tags.HTTP_STATUS.getKey()));
  }

  @Test
  void escapedExceptionIsRecordedAsA500() throws Exception {
    container.deploy(WebApp.at("/app")
        .filter(TracingFilter.create(tracer))
        .servlet("/boom", (request, response) -> {
          throw new IllegalStateException("boom");
        }));

    HttpResponse<String> response = get("/app/boom");

    assertEquals(500, response.statusCode());
    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(true, span.tags().get(Tags.ERROR.getKey()));
    Map<String, ?> error = span.logEntries().get(0).fields();
    assertEquals("error", error.get("event"));
    assertEquals(IllegalStateException.class.getName(), error.get("error.kind"));
  }

  @Test
  void noArgFilterReadsItsInitParams() throws Exception {
    container.deploy(WebApp.at("/app")
        .attribute(TracingFilter.TRACER_ATTRIBUTE, tracer)
        .filter(TracingFilter.class, Map.of(
            TracingFilter.PARAM_SKIP_PATTERN, "/health",
            TracingFilter.PARAM_COMPONENT, "shop",
            TracingFilter.PARAM_REQUEST_HEADERS, "X-Tenant"))
        .servlet("/hello", (request, response) -> response.getWriter().print("hello"))
        .servlet("/health", (request, response) -> response.getWriter().print("ok")));

    assertEquals("ok", get("/app/health").body());
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/app/hello"))
        .header("X-Tenant", "acme").build(), HttpResponse.BodyHandlers.ofString());

    assertEquals("hello", response.body());
    MockSpan span = onlySpan();
    assertEquals("shop", span.tags().get(Tags.COMPONENT.getKey()));
    assertEquals("acme", span.tags().get("http.request.header.x-tenant"));
  }

  /** Servlet 3.1 has no HttpServletMapping: the name falls back to the default, and the request is untouched. */
  @Test
  void operationNameFromMappingFallsBackToTheDefaultName() throws Exception {
    container.deploy(WebApp.at("/app")
        .filter(TracingFilter.newBuilder(tracer).operationNameFromMapping().build())
        .servlet("/hello", (request, response) -> response.getWriter().print("hello")));

    HttpResponse<String> response = get("/app/hello");

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    assertEquals("HTTP GET", onlySpan().operationName());
  }

  /** The same through the init-param. */
  @Test
  void operationNameMappingInitParamFallsBackToTheDefaultName() throws Exception {
    container.deploy(WebApp.at("/app")
        .attribute(TracingFilter.TRACER_ATTRIBUTE, tracer)
        .filter(TracingFilter.class, Map.of(TracingFilter.PARAM_OPERATION_NAME, "mapping"))
        .servlet("/hello", (request, response) -> response.getWriter().print("hello")));

    HttpResponse<String> response = get("/app/hello");

    assertEquals("hello", response.body());
    assertEquals("HTTP GET", onlySpan().operationName());
  }

  /** The one span, once finished: the filter may finish it just after the client has read the response. */
  private MockSpan onlySpan() {
    Waits.atMost(Duration.ofSeconds(5)).until(() -> !tracer.finishedSpans().isEmpty());
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), () -> "spans: " + spans);
    return spans.get(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + container.port() + path);
  }
}

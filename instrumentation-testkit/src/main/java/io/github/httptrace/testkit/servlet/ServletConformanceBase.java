package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.ActiveSpanProbeFilter;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.TestCertificates;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every servlet conformance test needs: one running container per test class ({@link ContainerUnderTest},
 * started before the first test and stopped after the last), a fresh {@link TestTracer} ({@link #newTracer()}:
 * OpenTracing over MockTracer unless a binding module says otherwise) and {@link ActiveSpanProbe} per test, the
 * test's applications deployed into the running container and removed after it, a loopback HTTP/1.1 client, and the checks that hold after every test whatever it did:
 *
 * <ul>
 *   <li>every span was finished exactly once and never used after ({@link SpanAssertions#assertFinishedExactlyOnce});
 *   <li>no container thread had a span active where a dispatch entered or left the application ({@link
 *       ActiveSpanProbeFilter}, outermost filter of every application {@link #deploy} makes), at least one dispatch
 *       probed.
 * </ul>
 *
 * <p>A container module runs the suite by extending each topic class once, in {@code @Nested} classes that only say
 * which {@link ContainerUnderTest} and {@link FilterUnderTest} to use; a binding module extends them again with its
 * own {@link #newTracer()}. The test instance lives per class, so the subclass makes its container once. Spans are
 * read as {@link TestSpan}s, in OpenTracing's vocabulary whatever the binding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServletConformanceBase {

  /** For subclasses: a container module's or a binding's run of these cases. */
  protected ServletConformanceBase() {}

  /** Where the spans of the current test go; a new one per test. */
  protected TestTracer tracer;
  /** Records the active span at the entry and exit of each dispatch; a new one per test. */
  protected ActiveSpanProbe probe;

  private ContainerUnderTest container;
  /** Why the container has no HTTPS connector though the topic asked for one; null when it has or none was asked. */
  String httpsUnsupported;
  private final List<String> deployed = new ArrayList<>();
  private boolean scopesMayLeak;
  private boolean unprobed;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** The container this run of the suite deploys on; called once per test class. */
  protected abstract ContainerUnderTest containerUnderTest();

  /** The tracing filter this run of the suite holds to the contract. */
  protected abstract FilterUnderTest filterUnderTest();

  /**
   * A new tracer for one test: OpenTracing over a new MockTracer unless overridden. A binding module overrides it to
   * run the suite on its own binding.
   */
  protected TestTracer newTracer() {
    return OpenTracingTestTracer.create();
  }

  /** Starts the container, once for all tests of the class. */
  @BeforeAll
  protected final void startContainer() throws Exception {
    container = containerUnderTest();
    if (needsHttps()) {
      try {
        container.useHttps(TestCertificates.keyStore(), TestCertificates.keyStorePassword());
      } catch (UnsupportedOperationException e) {
        // Not a failure here: the topic skips each case with this reason (an adapter states it, never silently).
        httpsUnsupported = String.valueOf(e.getMessage());
      }
    }
    container.start();
  }

  /**
   * Whether the topic needs the container's HTTPS connector too ({@link ContainerUnderTest#useHttps}); package-private:
   * only a topic of the suite decides.
   */
  boolean needsHttps() {
    return false;
  }

  /** Stops the container after the last test. */
  @AfterAll
  protected final void stopContainer() throws Exception {
    if (container != null) container.close();
  }

  /** A fresh tracer and probe for the test. */
  @BeforeEach
  protected final void freshTracer() {
    tracer = newTracer();
    probe = ActiveSpanProbe.of(tracer);
    scopesMayLeak = false;
    unprobed = false;
  }

  /** Removes the test's applications, then checks spans and scopes. */
  @AfterEach
  protected final void undeployAndCheck() throws Exception {
    try {
      for (String contextPath : deployed) container.undeploy(contextPath);
    } finally {
      deployed.clear();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
    // Entry and exit of at least one dispatch were seen, and no container thread had a span active at either.
    if (!scopesMayLeak && !unprobed) probe.assertNothingActive(2);
  }

  /** The running container. */
  protected ContainerUnderTest container() {
    return container;
  }

  /** The container's port. */
  protected int port() {
    return container.port();
  }

  /**
   * Tells the after-test check not to look for active spans: an OpenTracing tracer whose {@code Scope.close} throws
   * keeps its own scope on the thread, and nobody can remove it.
   */
  protected void allowScopeLeaks() {
    scopesMayLeak = true;
  }

  /**
   * Tells the after-test check that this test's applications have no probe filter: a web.xml application declares
   * only its own filters. Its cases check the active span from inside the application instead.
   */
  protected void withoutProbe() {
    unprobed = true;
  }

  /** The tracing filter with default options over this test's tracer. */
  protected Filter tracingFilter() {
    return filterUnderTest().create(ServerSetup.of(tracer));
  }

  /** The filter made from {@code setup}. */
  protected Filter tracingFilter(ServerSetup setup) {
    return filterUnderTest().create(setup);
  }

  /** Deploys {@code /app}: the probe filter, the default tracing filter, then what {@code setup} adds. */
  protected void deploy(Consumer<WebApp> setup) throws Exception {
    deploy(tracingFilter(), setup);
  }

  /** Deploys {@code /app}: the probe filter, then {@code filter} (if not null), then what {@code setup} adds. */
  protected void deploy(Filter filter, Consumer<WebApp> setup) throws Exception {
    WebApp app = WebApp.at("/app").filter(new ActiveSpanProbeFilter(probe));
    if (filter != null) app.filter(filter);
    setup.accept(app);
    deploy(app);
  }

  /** Deploys {@code app} as it is (no probe added), removed after the test. */
  protected void deploy(WebApp app) throws Exception {
    container.deploy(app);
    deployed.add(app.contextPath());
  }

  /** Deploys the web.xml application under {@code root} at {@code contextPath}, removed after the test. */
  protected void deployWebXml(String contextPath, java.nio.file.Path root) throws Exception {
    container.deployWebXml(contextPath, root);
    deployed.add(contextPath);
  }

  /** {@code http://127.0.0.1:PORT} + {@code pathAndQuery}. */
  protected URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  /** The shared loopback HTTP/1.1 client. */
  protected HttpClient client() {
    return client;
  }

  /** GET {@code pathAndQuery}. */
  protected HttpResponse<String> get(String pathAndQuery) throws Exception {
    return get(pathAndQuery, Map.of());
  }

  /** GET {@code pathAndQuery} with {@code headers}. */
  protected HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
    return client.send(getRequest(pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest getRequest(String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return request.build();
  }

  /** Waits (at most 10 s) until {@code count} spans finished in {@code tracer}, then checks no more than that did. */
  protected static List<TestSpan> finishedSpans(TestTracer tracer, int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    List<TestSpan> spans = tracer.finishedSpans();
    assertEquals(count, spans.size(), () -> "finished spans: " + spans);
    return spans;
  }

  /** {@link #finishedSpans(TestTracer, int)} of this test's tracer. */
  protected List<TestSpan> finishedSpans(int count) {
    return finishedSpans(tracer, count);
  }

  /** The one span this test's tracer finished. */
  protected TestSpan onlySpan() {
    return finishedSpans(1).get(0);
  }

  /**
   * Adds {@code /error-page}, the application's error page for 500 (so for an exception too), answering {@code
   * error page} and adding the exception the container reports in {@code jakarta.servlet.error.exception} to
   * {@code seen}.
   */
  protected static void errorPage(WebApp app, List<Throwable> seen) {
    app.servlet("/error-page", (request, response) -> {
      Object error = request.getAttribute("jakarta.servlet.error.exception");
      if (error instanceof Throwable) seen.add((Throwable) error);
      response.getWriter().print("error page");
    });
    app.errorPage(500, "/error-page");
  }

  /** Fails unless {@code span} has exactly one log: the standard error log of {@code thrown}. */
  protected static void assertErrorLog(TestSpan span, Throwable thrown) {
    assertEquals(1, span.logs().size(), () -> "logs: " + span.logs());
    Map<String, ?> fields = span.logs().get(0).fields();
    assertEquals(List.of("event", "error.kind", "error.object", "message", "stack"), List.copyOf(fields.keySet()));
    assertEquals("error", fields.get("event"));
    assertEquals(thrown.getClass().getName(), fields.get("error.kind"));
    assertSame(thrown, fields.get("error.object"));
    // A failure without a message (Jetty's EofException) is logged with its class name, as the contract's error log does.
    assertEquals(thrown.getMessage() != null ? thrown.getMessage() : thrown.getClass().getName(),
        fields.get("message"));
    assertInstanceOf(String.class, fields.get("stack"));
    assertTrue(((String) fields.get("stack")).startsWith(thrown.getClass().getName()));
    assertTrue(span.logs().get(0).micros() >= span.startMicros());
  }

  /**
   * The safety topics' application: a synchronous, a failing, an async and a timing-out servlet, a forward, and the
   * error page. Package-private: the safety topics share it.
   */
  void safetyEndpoints(WebApp app) {
    app.servlet("/hello", (request, response) -> response.getWriter().print("hello"));
    app.servlet("/fail", (request, response) -> {
      throw new IllegalStateException("application failure");
    });
    app.servlet("/async", (request, response) -> {
      AsyncContext async = request.startAsync();
      async.start(() -> {
        try {
          response.getWriter().print("async");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        async.complete();
      });
    });
    app.servlet("/timeout", (request, response) -> request.startAsync().setTimeout(50));
    app.servlet("/forward", (request, response) ->
        request.getRequestDispatcher("/hello").forward(request, response));
    errorPage(app, new ArrayList<>());
  }

  /**
   * Every endpoint of {@link #safetyEndpoints} answers exactly as it would without tracing; a parent header (in the
   * tracer's own format) makes extract do work.
   */
  void assertSafetyResponsesUnchanged() throws Exception {
    Map<String, String> parent = tracer.traceHeaders("4242", "4343");
    // Each failure happens on every call, not only the first: every request twice. The timeouts run alongside the
    // rest, since a container may see a timeout only at its next sweep (Tomcat sweeps once a second).
    List<CompletableFuture<HttpResponse<String>>> timeouts = new ArrayList<>();
    for (int i = 0; i < 2; i++) timeouts.add(client.sendAsync(getRequest("/app/timeout", parent),
        HttpResponse.BodyHandlers.ofString()));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> hello = get("/app/hello", parent);
      assertEquals(200, hello.statusCode());
      assertEquals("hello", hello.body());
      HttpResponse<String> failed = get("/app/fail", parent);
      assertEquals(500, failed.statusCode());
      assertEquals("error page", failed.body());
      assertEquals("async", get("/app/async", parent).body());
    }
    for (CompletableFuture<HttpResponse<String>> timeout : timeouts) {
      HttpResponse<String> timedOut = timeout.get(20, TimeUnit.SECONDS);
      assertEquals(500, timedOut.statusCode());
      assertEquals("error page", timedOut.body());
    }
  }

  /** An injected delay in the application under test, not a wait for an outcome. */
  protected static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

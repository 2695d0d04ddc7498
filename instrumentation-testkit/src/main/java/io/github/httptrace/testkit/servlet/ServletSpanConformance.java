package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ForwardingBinding;
import io.github.httptrace.testkit.TestSpan;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC, Span model (server) and Errors: one span per synchronous request with exactly the server tags, the status
 * sent (500 when an exception escaped before commit), the error log, forward / include / error dispatches making no
 * second span, URL sanitizing, and the builder options set in code.
 */
public abstract class ServletSpanConformance extends ServletConformanceBase {

  /** For subclasses: a container module's or a binding's run of these cases. */
  protected ServletSpanConformance() {}

  private final List<Object> seenInServlet = new CopyOnWriteArrayList<>();

  /** Forgets what the previous test's servlets saw. */
  @BeforeEach
  void clearSeen() {
    seenInServlet.clear();
  }

  private void hello(WebApp app) {
    String attribute = filterUnderTest().spanAttribute();
    app.servlet("/hello", (request, response) -> {
      seenInServlet.add(tracer.current());
      seenInServlet.add(request.getAttribute(attribute)); // the list takes null
      response.setContentType("text/plain");
      response.getWriter().print("hello");
    });
  }

  /** A plain GET gets one root span with exactly the server tags. */
  @Test
  void plainGetHasExactlyTheServerTags() throws Exception {
    deploy(this::hello);

    HttpResponse<String> response = get("/app/hello?page=2");

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    TestSpan span = onlySpan();
    assertEquals(tracer.defaultName(SpanKind.SERVER, "GET"), span.name());
    assertNull(span.parentId());
    Map<String, Object> tags = span.tags();
    int clientPort = (Integer) tags.get("peer.port");
    assertTrue(clientPort > 0 && clientPort != port());
    assertEquals(Map.of(
        "span.kind", "server",
        "component", "java-servlet",
        "http.method", "GET",
        "http.url", "http://127.0.0.1:" + port() + "/app/hello?page=2",
        "http.status_code", 200,
        "peer.ipv4", "127.0.0.1",
        "peer.port", clientPort), tags);
    assertEquals(List.of(), span.logs());
    assertTrue(span.finishMicros() >= span.startMicros());
  }

  /** The span is active while the servlet runs, and in the documented request attribute. */
  @Test
  void serverSpanIsActiveInsideTheServletAndInTheRequestAttribute() throws Exception {
    deploy(this::hello);

    get("/app/hello");

    TestSpan span = onlySpan();
    Object active = seenInServlet.get(0);
    assertEquals(span.spanId(), tracer.spanIdOf(active));
    assertTrue(tracer.sameSpan(active, seenInServlet.get(1)), () -> "the attribute holds the active span: "
        + active + ", attribute " + seenInServlet.get(1));
  }

  /** A 404 is tagged, and is not an error. */
  @Test
  void notFoundIsNotAnError() throws Exception {
    deploy(this::hello);

    assertEquals(404, get("/app/nothing-here").statusCode());

    TestSpan span = onlySpan();
    assertEquals(404, span.tags().get("http.status_code"));
    assertNull(span.tags().get("error"));
    assertEquals(List.of(), span.logs());
  }

  /** The status of {@code sendError} is tagged. */
  @Test
  void statusFromSendErrorIsTagged() throws Exception {
    deploy(app -> app.servlet("/deny", (request, response) -> response.sendError(403)));

    assertEquals(403, get("/app/deny").statusCode());

    TestSpan span = onlySpan();
    assertEquals(403, span.tags().get("http.status_code"));
    assertNull(span.tags().get("error"));
  }

  /** A 5xx the application sets is an error, without an error log. */
  @Test
  void status503SetByTheApplicationIsAnErrorWithoutErrorLog() throws Exception {
    deploy(app -> app.servlet("/busy", (request, response) -> {
      response.setStatus(503);
      response.getWriter().print("later");
    }));

    HttpResponse<String> response = get("/app/busy");

    assertEquals(503, response.statusCode());
    assertEquals("later", response.body());
    TestSpan span = onlySpan();
    assertEquals(503, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertEquals(List.of(), span.logs());
  }

  /** An exception from the servlet: status 500 tag, the error log, and the container sees the same exception. */
  @Test
  void exceptionFromTheServletIsLoggedTaggedAndRethrownUnchanged() throws Exception {
    IllegalStateException thrown = new IllegalStateException("database down");
    List<Throwable> seenByContainer = new CopyOnWriteArrayList<>();
    deploy(app -> {
      app.servlet("/fail", (request, response) -> {
        throw thrown;
      });
      errorPage(app, seenByContainer);
    });

    HttpResponse<String> response = get("/app/fail");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    assertSame(thrown, seenByContainer.get(0), "the container saw the application's exception itself");
    TestSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  /** An exception from a filter after the tracing filter is recorded the same way. */
  @Test
  void exceptionFromALaterFilterIsRecordedToo() throws Exception {
    ServletException thrown = new ServletException("filter refused");
    deploy(app -> {
      Filter failing = (request, response, chain) -> {
        throw thrown;
      };
      app.filter(failing);
      hello(app);
    });

    assertEquals(500, get("/app/hello").statusCode());

    TestSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertErrorLog(span, thrown);
    assertEquals(List.of(), seenInServlet, "the servlet never ran");
  }

  /** An exception after the response was committed keeps the status that was sent. */
  @Test
  void exceptionAfterTheResponseWasCommittedKeepsTheStatusSent() throws Exception {
    RuntimeException thrown = new RuntimeException("late failure");
    deploy(app -> app.servlet("/late", (request, response) -> {
      response.setStatus(202);
      response.setContentLength(7);
      response.getWriter().print("partial");
      response.flushBuffer();
      throw thrown;
    }));

    HttpResponse<String> response = get("/app/late");

    assertEquals(202, response.statusCode());
    assertEquals("partial", response.body());
    TestSpan span = onlySpan();
    assertEquals(202, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  /** The error dispatch to an error page makes no second span. */
  @Test
  void errorDispatchToAnErrorPageMakesNoSecondSpan() throws Exception {
    deploy(app -> {
      app.servlet("/broken", (request, response) -> response.sendError(500));
      errorPage(app, new CopyOnWriteArrayList<>());
    });

    HttpResponse<String> response = get("/app/broken");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    TestSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
  }

  /** Forward and include dispatches make no second span; the forwarded-to servlet runs in the one span. */
  @Test
  void forwardAndIncludeMakeOneSpan() throws Exception {
    deploy(app -> {
      hello(app);
      app.servlet("/forward", (request, response) ->
          request.getRequestDispatcher("/hello").forward(request, response));
      app.servlet("/include", (request, response) -> {
        response.getWriter().print("<");
        request.getRequestDispatcher("/hello").include(request, response);
        response.getWriter().print(">");
      });
    });

    assertEquals("hello", get("/app/forward").body());
    TestSpan forwarded = onlySpan();
    assertEquals("http://127.0.0.1:" + port() + "/app/forward", forwarded.tags().get("http.url"));
    assertEquals(forwarded.spanId(), tracer.spanIdOf(seenInServlet.get(0)));

    assertEquals("<hello>", get("/app/include").body());
    assertEquals(2, finishedSpans(2).size());
  }

  /** Values of sensitive query parameters (defaults and configured) are redacted in {@code http.url}. */
  @Test
  void queryParameterSecretsAreRedacted() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding()).sensitiveQueryParameters(List.of("session"))), this::hello);

    get("/app/hello?user=bob&token=abc123&X-Amz-Signature=f00d&session=42&page=1");

    assertEquals("http://127.0.0.1:" + port()
            + "/app/hello?user=bob&token=REDACTED&X-Amz-Signature=REDACTED&session=REDACTED&page=1",
        onlySpan().tags().get("http.url"));
  }

  /** The skip pattern matches the path without context path or query. */
  @Test
  void skipPatternMatchesThePathWithoutContextPathOrQuery() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding()).skipPattern(Pattern.compile("/health"))), app -> {
      hello(app);
      app.servlet("/health", (request, response) -> response.getWriter().print("ok"));
    });

    assertEquals("ok", get("/app/health?verbose=true").body());
    assertEquals("ok", get("/app/health").body());
    assertEquals("hello", get("/app/hello?probe=/health").body());

    assertEquals("http://127.0.0.1:" + port() + "/app/hello?probe=/health", onlySpan().tags().get("http.url"));
  }

  /** The span filter decides what is traced. */
  @Test
  void spanFilterDecidesWhatIsTraced() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding()).spanFilter(request -> request.getHeader("X-No-Trace") == null)),
        this::hello);

    get("/app/hello", Map.of("X-No-Trace", "1"));
    get("/app/hello");

    assertEquals(1, finishedSpans(1).size());
  }

  /** Operation name, component, URL tag and allow-listed headers as configured; no other header recorded. */
  @Test
  void optionsNameTagAndRecordAllowListedHeaders() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding())
        .operationNameFromMapping()
        .component("edge")
        .urlTag(request -> request.getRequestURI() + "?token=" + request.getHeader("X-Token"))
        .requestHeaders(List.of("User-Agent", "X-Tenant"))
        .responseHeaders(List.of("Content-Type"))), this::hello);

    get("/app/hello", Map.of("X-Tenant", "acme", "X-Token", "s3cret", "Cookie", "id=1"));

    TestSpan span = onlySpan();
    assertEquals("GET /hello", span.name());
    assertEquals("edge", span.tags().get("component"));
    assertEquals("/app/hello?token=REDACTED", span.tags().get("http.url"));
    assertEquals("acme", span.tags().get("http.request.header.x-tenant"));
    assertTrue(((String) span.tags().get("http.request.header.user-agent")).startsWith("Java-http-client"));
    assertEquals("text/plain;charset=iso-8859-1",
        ((String) span.tags().get("http.response.header.content-type")).toLowerCase());
    assertTrue(span.tags().keySet().stream().noneMatch(key -> key.contains("cookie") || key.contains("token")),
        () -> "only allow-listed headers are recorded: " + span.tags().keySet());
  }

  /** Names from the mapping use the pattern that served the request, {@code /} for the default servlet. */
  @Test
  void mappingNamesUseThePatternThatServedTheRequest() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding()).operationNameFromMapping()),
        app -> app.servlet("/api/*", (request, response) -> response.setStatus(204)));

    get("/app/api/users/42");
    get("/app/elsewhere");

    List<TestSpan> spans = finishedSpans(2);
    assertEquals("GET /api/*", spans.get(0).name());
    assertEquals("GET /", spans.get(1).name());
  }

  /**
   * The route a binding reads is the mapping that served the request, under the context path: exact, path (read from
   * the servlet path and path info, and from the mapping where the path info is absent), extension, the context
   * root's; none for the default servlet.
   */
  @Test
  void theRouteIsTheMappingThatServedTheRequest() throws Exception {
    RouteRecorder routes = new RouteRecorder(tracer.binding());
    deploy(tracingFilter(ServerSetup.of(routes)), app -> app
        .servlet("/hello", (request, response) -> response.setStatus(204))
        .servlet("/api/*", (request, response) -> response.setStatus(204))
        .servlet("*.do", (request, response) -> response.setStatus(204))
        .servlet("", (request, response) -> response.setStatus(204)));

    for (String path : List.of("/app/hello", "/app/api/users/42", "/app/api/users/43?q=1", "/app/api",
        "/app/reports/daily.do", "/app/", "/app/elsewhere")) {
      get(path);
    }

    assertEquals(Arrays.asList("/app/hello", "/app/api/*", "/app/api/*", "/app/api/*", "/app/*.do", "/app/", null),
        routes.seen);
    assertEquals(7, finishedSpans(7).size());
  }

  /** Under {@code /*} every path is the route {@code /app/*}, the context root's path too. */
  @Test
  void underSlashStarEveryPathHasThatRoute() throws Exception {
    RouteRecorder routes = new RouteRecorder(tracer.binding());
    deploy(tracingFilter(ServerSetup.of(routes)),
        app -> app.servlet("/*", (request, response) -> response.setStatus(204)));

    for (String path : List.of("/app/users/42", "/app/", "/app/users/43")) get(path);

    assertEquals(List.of("/app/*", "/app/*", "/app/*"), routes.seen);
    assertEquals(3, finishedSpans(3).size());
  }

  /** Records the route of each server span as the binding reads it when the span starts. */
  private static final class RouteRecorder extends ForwardingBinding {
    final List<String> seen = new CopyOnWriteArrayList<>();

    RouteRecorder(TracerBinding delegate) {
      super(delegate);
    }

    @Override
    public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
      if (kind == SpanKind.SERVER) seen.add(request.route());
      return super.startSpan(kind, request, parent, startMicros);
    }
  }

  /** The filter registered twice (say in web.xml and in code) makes one span. */
  @Test
  void aFilterRegisteredTwiceMakesOneSpan() throws Exception {
    deploy(app -> {
      app.filter(tracingFilter());
      hello(app);
    });

    assertEquals("hello", get("/app/hello").body());

    assertNull(onlySpan().parentId());
  }

  /** With the no-op tracer (the binding's disabled one) nothing is recorded and nothing changes. */
  @Test
  void noopTracerRecordsNothingAndChangesNothing() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.disabledBinding())), this::hello);

    HttpResponse<String> response = get("/app/hello");

    assertEquals("hello", response.body());
    assertNull(seenInServlet.get(1), "no span attribute without a tracer");
    assertEquals(List.of(), tracer.finishedSpans());
  }

  // Shapes: every method, large and streamed uploads, Expect: 100-continue, a client gone mid-response

  /** Each method is one span tagged with it, with the status sent; HEAD's body is the container's to drop. */
  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void everyMethodIsOneSpanTaggedWithIt(String method) throws Exception {
    deploy(app -> app.servlet("/item", (request, response) -> {
      seenInServlet.add(request.getMethod());
      response.setContentType("text/plain");
      response.getWriter().print("done");
    }));
    boolean withBody = method.equals("PUT") || method.equals("PATCH");

    HttpResponse<String> response = client().send(HttpRequest.newBuilder(uri("/app/item"))
        .timeout(Duration.ofSeconds(10))
        .method(method, withBody ? BodyPublishers.ofString("payload") : BodyPublishers.noBody())
        .build(), BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals(method.equals("HEAD") ? "" : "done", response.body());
    assertEquals(List.of(method), seenInServlet);
    TestSpan span = onlySpan();
    assertEquals(tracer.defaultName(SpanKind.SERVER, method), span.name());
    int clientPort = (Integer) span.tags().get("peer.port");
    assertEquals(Map.of(
        "span.kind", "server",
        "component", "java-servlet",
        "http.method", method,
        "http.url", "http://127.0.0.1:" + port() + "/app/item",
        "http.status_code", 200,
        "peer.ipv4", "127.0.0.1",
        "peer.port", clientPort), span.tags());
    assertEquals(List.of(), span.logs());
  }

  /**
   * A 1 MiB upload with its length, a streamed (chunked) one of unknown length, and one sent after {@code Expect:
   * 100-continue}: the application reads each whole, and each is one span with the status sent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"length", "chunked", "expect-continue"})
  void aLargeUploadIsReadWholeUnderOneSpan(String framing) throws Exception {
    deploy(app -> app.servlet("/upload", (request, response) -> {
      seenInServlet.add(String.valueOf(request.getHeader("Transfer-Encoding")));
      long read = request.getInputStream().readAllBytes().length;
      response.setContentType("text/plain");
      response.getWriter().print(read);
    }));
    byte[] body = new byte[1024 * 1024];
    Arrays.fill(body, (byte) 'u');
    HttpRequest.Builder request = HttpRequest.newBuilder(uri("/app/upload")).timeout(Duration.ofSeconds(10));
    if (framing.equals("chunked")) {
      // Of unknown length: the client sends it chunked.
      request.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    } else {
      request.expectContinue(framing.equals("expect-continue")).PUT(BodyPublishers.ofByteArray(body));
    }

    HttpResponse<String> response = client().send(request.build(), BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals(String.valueOf(body.length), response.body(), "the application read the whole body");
    assertEquals(List.of(framing.equals("chunked") ? "chunked" : "null"), seenInServlet);
    TestSpan span = onlySpan();
    assertEquals(framing.equals("chunked") ? "POST" : "PUT", span.tags().get("http.method"));
    assertEquals(200, span.tags().get("http.status_code"));
    assertNull(span.tags().get("error"));
    assertEquals(List.of(), span.logs());
  }

  /**
   * A client that closes the connection in the middle of the response: the application's next write fails, the
   * failure goes through the filter, and the span is finished once with the status already sent (200, committed),
   * the error, and that very failure logged.
   */
  @Test
  void aClientGoneMidResponseFinishesTheSpanOnceWithTheWriteFailure() throws Exception {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    deploy(app -> app.servlet("/stream", (request, response) -> {
      response.setContentType("application/octet-stream");
      byte[] chunk = new byte[64 * 1024];
      try {
        // Far more than a socket buffers: a write fails once the client is gone.
        for (int i = 0; i < 4_096; i++) {
          response.getOutputStream().write(chunk);
          response.flushBuffer();
        }
      } catch (IOException e) {
        failures.add(e);
        throw e;
      }
    }));

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /app/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      int n = 0;
      while (n < head.length) {
        int read = in.read(head, n, head.length - n);
        if (read < 0) break;
        n += read;
      }
      assertEquals("HTTP/1.1 200", new String(head, 0, n, StandardCharsets.US_ASCII));
      // Gone without reading on: the pending bytes make the close a reset.
      socket.setSoLinger(true, 0);
    }

    TestSpan span = onlySpan();
    assertEquals(1, failures.size(), () -> "the application's write failed once: " + failures);
    assertEquals(200, span.tags().get("http.status_code"), "the status already sent");
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, failures.get(0));
  }
}

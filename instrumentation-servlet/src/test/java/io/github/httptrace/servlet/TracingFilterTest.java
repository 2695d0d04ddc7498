package io.github.httptrace.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.noop.NoopTracerFactory;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.junit.jupiter.api.Test;

/** Synchronous requests: the exact tags, statuses and error logs of SPEC's server span, and the options. */
class TracingFilterTest extends ServerFixture {
  private final List<Object> seenInServlet = new CopyOnWriteArrayList<>();

  private void hello(org.eclipse.jetty.ee10.servlet.ServletContextHandler context) {
    context.addServlet(Jetty.servlet((request, response) -> {
      seenInServlet.add(tracer.activeSpan());
      seenInServlet.add(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE));
      response.setContentType("text/plain");
      response.getWriter().print("hello");
    }), "/hello");
  }

  @Test
  void plainGetHasExactlyTheServerTags() throws Exception {
    start(this::hello);

    HttpResponse<String> response = jetty.get("/app/hello?page=2");

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    MockSpan span = onlySpan();
    assertEquals("HTTP GET", span.operationName());
    assertEquals(0, span.parentId());
    Map<String, Object> tags = span.tags();
    int clientPort = (Integer) tags.get("peer.port");
    assertTrue(clientPort > 0 && clientPort != jetty.port());
    assertEquals(Map.of(
        "span.kind", "server",
        "component", "java-servlet",
        "http.method", "GET",
        "http.url", "http://127.0.0.1:" + jetty.port() + "/app/hello?page=2",
        "http.status_code", 200,
        "peer.ipv4", "127.0.0.1",
        "peer.port", clientPort), tags);
    assertEquals(List.of(), span.logEntries());
    assertTrue(span.finishMicros() >= span.startMicros());
  }

  @Test
  void serverSpanIsActiveInsideTheServletAndInTheRequestAttribute() throws Exception {
    start(this::hello);

    jetty.get("/app/hello");

    MockSpan span = onlySpan();
    MockSpan active = (MockSpan) seenInServlet.get(0);
    assertEquals(span.context().spanId(), active.context().spanId());
    assertSame(active, seenInServlet.get(1));
  }

  @Test
  void notFoundIsNotAnError() throws Exception {
    start(this::hello);

    assertEquals(404, jetty.get("/app/nothing-here").statusCode());

    MockSpan span = onlySpan();
    assertEquals(404, span.tags().get("http.status_code"));
    assertNull(span.tags().get("error"));
    assertEquals(List.of(), span.logEntries());
  }

  @Test
  void statusFromSendErrorIsTagged() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> response.sendError(403)), "/deny"));

    assertEquals(403, jetty.get("/app/deny").statusCode());

    MockSpan span = onlySpan();
    assertEquals(403, span.tags().get("http.status_code"));
    assertNull(span.tags().get("error"));
  }

  @Test
  void status503SetByTheApplicationIsAnErrorWithoutErrorLog() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      response.setStatus(503);
      response.getWriter().print("later");
    }), "/busy"));

    HttpResponse<String> response = jetty.get("/app/busy");

    assertEquals(503, response.statusCode());
    assertEquals("later", response.body());
    MockSpan span = onlySpan();
    assertEquals(503, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertEquals(List.of(), span.logEntries());
  }

  @Test
  void exceptionFromTheServletIsLoggedTaggedAndRethrownUnchanged() throws Exception {
    IllegalStateException thrown = new IllegalStateException("database down");
    List<Throwable> seenByContainer = new CopyOnWriteArrayList<>();
    start(context -> {
      context.addServlet(Jetty.servlet((request, response) -> {
        throw thrown;
      }), "/fail");
      errorPage(context, seenByContainer);
    });

    HttpResponse<String> response = jetty.get("/app/fail");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    assertSame(thrown, seenByContainer.get(0), "the container saw the application's exception itself");
    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  @Test
  void exceptionFromALaterFilterIsRecordedToo() throws Exception {
    ServletException thrown = new ServletException("filter refused");
    start(context -> {
      Filter failing = (request, response, chain) -> {
        throw thrown;
      };
      Jetty.addFilter(context, failing, "/*");
      hello(context);
    });

    assertEquals(500, jetty.get("/app/hello").statusCode());

    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertErrorLog(span, thrown);
    assertEquals(List.of(), seenInServlet, "the servlet never ran");
  }

  @Test
  void exceptionAfterTheResponseWasCommittedKeepsTheStatusSent() throws Exception {
    RuntimeException thrown = new RuntimeException("late failure");
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      response.setStatus(202);
      response.setContentLength(7);
      response.getWriter().print("partial");
      response.flushBuffer();
      throw thrown;
    }), "/late"));

    HttpResponse<String> response = jetty.get("/app/late");

    assertEquals(202, response.statusCode());
    assertEquals("partial", response.body());
    MockSpan span = onlySpan();
    assertEquals(202, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  @Test
  void errorDispatchToAnErrorPageMakesNoSecondSpan() throws Exception {
    start(context -> {
      context.addServlet(Jetty.servlet((request, response) -> response.sendError(500)), "/broken");
      errorPage(context, new CopyOnWriteArrayList<>());
    });

    HttpResponse<String> response = jetty.get("/app/broken");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
  }

  @Test
  void forwardAndIncludeMakeOneSpan() throws Exception {
    start(context -> {
      hello(context);
      context.addServlet(Jetty.servlet((request, response) ->
          request.getRequestDispatcher("/hello").forward(request, response)), "/forward");
      context.addServlet(Jetty.servlet((request, response) -> {
        response.getWriter().print("<");
        request.getRequestDispatcher("/hello").include(request, response);
        response.getWriter().print(">");
      }), "/include");
    });

    assertEquals("hello", jetty.get("/app/forward").body());
    MockSpan forwarded = onlySpan();
    assertEquals("http://127.0.0.1:" + jetty.port() + "/app/forward", forwarded.tags().get("http.url"));
    assertEquals(forwarded.context().spanId(), ((MockSpan) seenInServlet.get(0)).context().spanId());

    assertEquals("<hello>", jetty.get("/app/include").body());
    assertEquals(2, finishedSpans(2).size());
  }

  @Test
  void queryParameterSecretsAreRedacted() throws Exception {
    start(TracingFilter.newBuilder(tracer).sensitiveQueryParameters(List.of("session")).build(), this::hello);

    jetty.get("/app/hello?user=bob&token=abc123&X-Amz-Signature=f00d&session=42&page=1");

    assertEquals("http://127.0.0.1:" + jetty.port()
            + "/app/hello?user=bob&token=REDACTED&X-Amz-Signature=REDACTED&session=REDACTED&page=1",
        onlySpan().tags().get("http.url"));
  }

  @Test
  void skipPatternMatchesThePathWithoutContextPathOrQuery() throws Exception {
    start(TracingFilter.newBuilder(tracer).skipPattern(Pattern.compile("/health")).build(), context -> {
      hello(context);
      context.addServlet(Jetty.servlet((request, response) -> response.getWriter().print("ok")), "/health");
    });

    assertEquals("ok", jetty.get("/app/health?verbose=true").body());
    assertEquals("ok", jetty.get("/app/health").body());
    assertEquals("hello", jetty.get("/app/hello?probe=/health").body());

    assertEquals("http://127.0.0.1:" + jetty.port() + "/app/hello?probe=/health",
        onlySpan().tags().get("http.url"));
  }

  @Test
  void spanFilterDecidesWhatIsTraced() throws Exception {
    start(TracingFilter.newBuilder(tracer)
        .spanFilter(request -> request.getHeader("X-No-Trace") == null)
        .build(), this::hello);

    jetty.get("/app/hello", Map.of("X-No-Trace", "1"));
    jetty.get("/app/hello");

    assertEquals(1, finishedSpans(1).size());
  }

  @Test
  void optionsNameTagAndRecordAllowListedHeaders() throws Exception {
    start(TracingFilter.newBuilder(tracer)
        .operationNameFromMapping()
        .component("edge")
        .urlTag(request -> request.getRequestURI() + "?token=" + request.getHeader("X-Token"))
        .requestHeaders(List.of("User-Agent", "X-Tenant"))
        .responseHeaders(List.of("Content-Type"))
        .build(), this::hello);

    jetty.get("/app/hello", Map.of("X-Tenant", "acme", "X-Token", "s3cret", "Cookie", "id=1"));

    MockSpan span = onlySpan();
    assertEquals("GET /hello", span.operationName());
    assertEquals("edge", span.tags().get("component"));
    assertEquals("/app/hello?token=REDACTED", span.tags().get("http.url"));
    assertEquals("acme", span.tags().get("http.request.header.x-tenant"));
    assertTrue(((String) span.tags().get("http.request.header.user-agent")).startsWith("Java-http-client"));
    assertEquals("text/plain;charset=iso-8859-1",
        ((String) span.tags().get("http.response.header.content-type")).toLowerCase());
    assertTrue(span.tags().keySet().stream().noneMatch(key -> key.contains("cookie") || key.contains("token")),
        () -> "only allow-listed headers are recorded: " + span.tags().keySet());
  }

  @Test
  void mappingNamesUseThePatternThatServedTheRequest() throws Exception {
    start(TracingFilter.newBuilder(tracer).operationNameFromMapping().build(), context -> {
      context.addServlet(Jetty.servlet((request, response) -> response.setStatus(204)), "/api/*");
    });

    jetty.get("/app/api/users/42");
    jetty.get("/app/elsewhere");

    List<MockSpan> spans = finishedSpans(2);
    assertEquals("GET /api/*", spans.get(0).operationName());
    assertEquals("GET /", spans.get(1).operationName());
  }

  @Test
  void aFilterRegisteredTwiceMakesOneSpan() throws Exception {
    start(context -> {
      Jetty.addFilter(context, TracingFilter.create(tracer), "/*");
      hello(context);
    });

    assertEquals("hello", jetty.get("/app/hello").body());

    assertEquals(0, onlySpan().parentId());
  }

  @Test
  void noopTracerRecordsNothingAndChangesNothing() throws Exception {
    start(TracingFilter.create(NoopTracerFactory.create()), this::hello);

    HttpResponse<String> response = jetty.get("/app/hello");

    assertEquals("hello", response.body());
    assertNull(seenInServlet.get(1), "no span attribute without a tracer");
    assertEquals(List.of(), tracer.finishedSpans());
  }

  static void errorPage(org.eclipse.jetty.ee10.servlet.ServletContextHandler context, List<Throwable> seen) {
    context.addServlet(Jetty.servlet((request, response) -> {
      Object error = request.getAttribute("jakarta.servlet.error.exception");
      if (error instanceof Throwable) seen.add((Throwable) error);
      response.getWriter().print("error page");
    }), "/error-page");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(500, "/error-page");
    context.setErrorHandler(errors);
  }

  static void assertErrorLog(MockSpan span, Throwable thrown) {
    assertEquals(1, span.logEntries().size(), () -> "logs: " + span.logEntries());
    Map<String, ?> fields = span.logEntries().get(0).fields();
    assertEquals(List.of("event", "error.kind", "error.object", "message", "stack"), List.copyOf(fields.keySet()));
    assertEquals("error", fields.get("event"));
    assertEquals(thrown.getClass().getName(), fields.get("error.kind"));
    assertSame(thrown, fields.get("error.object"));
    assertEquals(thrown.getMessage(), fields.get("message"));
    assertInstanceOf(String.class, fields.get("stack"));
    assertTrue(((String) fields.get("stack")).startsWith(thrown.getClass().getName()));
    assertTrue(span.logEntries().get(0).timestampMicros() >= span.startMicros());
  }
}

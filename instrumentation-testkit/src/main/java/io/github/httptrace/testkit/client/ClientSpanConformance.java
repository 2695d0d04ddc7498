package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.ERROR;
import static io.github.httptrace.core.HttpEvents.FIELD_ADDR;
import static io.github.httptrace.core.HttpEvents.FIELD_BYTES;
import static io.github.httptrace.core.HttpEvents.FIELD_HOST;
import static io.github.httptrace.core.HttpEvents.FIELD_HOST_PORT;
import static io.github.httptrace.core.HttpEvents.FIELD_NETWORK;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.opentracing.tag.Tags;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.github.httptrace.testkit.peer.PeerRequest;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model / Client and Tags: the span of a plain attempt. Its name and exact tags (GET and POST, 4xx and
 * 5xx, a sanitized URL), the lifecycle events of a fresh and of a pooled connection, its parent (explicit, active
 * on the sending thread, none), the injection of its own context into the request (replacing trace headers the
 * request already had), and the options that change the span model: lifecycle events off, the call span.
 */
public abstract class ClientSpanConformance extends ClientConformanceBase {
  /** The events of a fresh plain-HTTP GET, in the order they happen. */
  protected static final List<String> FRESH_PLAIN_GET = List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START,
      CONNECT_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY);

  /**
   * A GET makes one span, named as the binding names a GET ({@code HTTP GET} on OpenTracing), with exactly the client
   * tags, in a new trace when nothing is active.
   */
  @Test
  void getHasExactlyTheClientTagsInANewTrace() throws Exception {
    server.enqueue(ok("hello"));

    ClientResponse response = client().send(ClientRequest.get(url("/")));

    assertEquals(new ClientResponse(200, "hello"), response);
    TestSpan span = awaitOnlySpan();
    assertEquals(tracer.defaultName(SpanKind.CLIENT, "GET"), span.name());
    assertEquals(expectedTags("GET", url("/").toString(), 200), span.tags());
    assertNull(span.parentId(), "no parent: a new trace");
  }

  /** A fresh plain GET logs the whole lifecycle, each event once, in order, with its fields and their types. */
  @Test
  void freshPlainGetLogsTheWholeLifecycleInOrder() throws Exception {
    server.enqueue(ok("hello"));

    client().send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    assertEquals(FRESH_PLAIN_GET, SpanEvents.names(span));
    assertEquals(hostPort(), SpanEvents.fields(span, GET_CONN).get(FIELD_HOST_PORT), "GetConn hostPort");
    assertEquals(HOST, SpanEvents.fields(span, DNS_START).get(FIELD_HOST), "DNSStart host");
    assertEquals(LOOPBACK, SpanEvents.fields(span, DNS_DONE).get(FIELD_ADDR), "DNSDone addr");
    for (String connect : List.of(CONNECT_START, CONNECT_DONE)) {
      assertEquals("tcp", SpanEvents.fields(span, connect).get(FIELD_NETWORK), connect + " network");
      assertEquals(LOOPBACK + ":" + port(), SpanEvents.fields(span, connect).get(FIELD_ADDR), connect + " addr");
    }
    assertEquals(Boolean.FALSE, SpanEvents.fields(span, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
    assertEquals(0L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES), "WroteRequest bytes (Long)");
    assertEquals(5L, SpanEvents.fields(span, CLOSED_BODY).get(FIELD_BYTES), "ClosedBody bytes (Long)");
  }

  /** A POST is named as the binding names a POST ({@code HTTP POST} on OpenTracing), tagged with its method, and its body bytes are logged on WroteRequest. */
  @Test
  void postHasItsMethodAndBodyBytes() throws Exception {
    server.enqueue(ok("created"));

    ClientResponse response = client().send(ClientRequest.post(url("/items"), "hello"));

    assertEquals(new ClientResponse(200, "created"), response);
    assertEquals("hello", takeRequest().bodyUtf8(), "the body reached the peer unchanged");
    TestSpan span = awaitOnlySpan();
    assertEquals(tracer.defaultName(SpanKind.CLIENT, "POST"), span.name());
    assertEquals(expectedTags("POST", url("/items").toString(), 200), span.tags());
    assertEquals(5L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES), "WroteRequest bytes (Long)");
    assertEquals(7L, SpanEvents.fields(span, CLOSED_BODY).get(FIELD_BYTES), "ClosedBody bytes (Long)");
  }

  /** A second call to the same peer takes the pooled connection: GetConn, GotConn reused, no DNS or connect. */
  @Test
  void secondCallReusesThePooledConnection() throws Exception {
    server.enqueue(ok("one"));
    server.enqueue(ok("two"));
    TracedClient client = client();

    client.send(ClientRequest.get(url("/one")));
    client.send(ClientRequest.get(url("/two")));

    TestSpan second = awaitSpans(2).get(1);
    assertEquals(url("/two").toString(), second.tags().get(Tags.HTTP_URL.getKey()));
    List<String> events = SpanEvents.names(second);
    assertEquals(GET_CONN, events.get(0), () -> "first event: " + events);
    assertEquals(GOT_CONN, events.get(1), () -> "a pooled connection needs no DNS or connect: " + events);
    assertEquals(Boolean.TRUE, SpanEvents.fields(second, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
    for (String absent : List.of(DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE)) {
      assertFalse(events.contains(absent), () -> absent + " on a reused connection: " + events);
    }
    PeerRequest first = takeRequest();
    PeerRequest again = takeRequest();
    assertEquals(first.connectionIndex(), again.connectionIndex(), "the peer saw one connection");
    assertEquals(1, again.exchangeIndex(), "the peer saw the second request as the connection's second");
  }

  /** With a span active on the thread that sends the call, the attempt is its child. */
  @Test
  void childOfTheSpanActiveOnTheSendingThread() throws Exception {
    server.enqueue(ok("hello"));
    TracedClient client = client();
    TestTracer.CallerSpan parent = testSpan("caller");

    sendAs(parent, client, ClientRequest.get(url("/")));
    parent.finish();

    TestSpan span = awaitOnlySpan();
    assertEquals(parent.spanId(), span.parentId(), "parent");
    assertEquals(parent.traceId(), span.traceId(), "trace");
    assertCallbacksProbed(1);
  }

  /**
   * An asynchronous call's callback runs in the context current where the call was made: the caller's span after a
   * redirect (never the last attempt's), and nothing when nothing was current, though a client thread ran the
   * caller's callback before.
   */
  @Test
  void anAsynchronousCallbackRunsInTheCallersContext() throws Exception {
    assumeTrue(clientUnderTest().asynchronous(), "a synchronous call has no callback");
    server.enqueue(redirect(302, "/b"));
    server.enqueue(ok("moved"));
    server.enqueue(ok("alone"));
    TracedClient client = client();
    TestTracer.CallerSpan caller = testSpan("caller");

    assertEquals(new ClientResponse(200, "moved"), sendAs(caller, client, ClientRequest.get(url("/a"))));
    assertEquals(new ClientResponse(200, "alone"), client.send(ClientRequest.get(url("/c"))));
    caller.finish();

    List<ActiveSpanProbe.Observation> callbacks = callbackObservations();
    assertEquals(2, callbacks.size(), () -> "one callback per call: " + callbacks);
    assertTrue(tracer.sameSpan(caller.nativeSpan(), callbacks.get(0).active()),
        () -> "current in the first callback: " + callbacks.get(0) + ", expected the caller");
    assertNull(callbacks.get(1).active(), () -> "current in the second callback: " + callbacks.get(1));
    List<TestSpan> spans = awaitSpans(3);
    assertEquals(caller.spanId(), spans.get(0).parentId());
    assertEquals(caller.spanId(), spans.get(1).parentId());
    assertNull(spans.get(2).parentId());
  }

  /** A parent passed with the request wins over the span active on the sending thread. */
  @Test
  void explicitParentWinsOverTheActiveSpan() throws Exception {
    server.enqueue(ok("hello"));
    TracedClient client = client();
    TestTracer.CallerSpan active = testSpan("active");
    TestTracer.CallerSpan explicit = testSpan("explicit");

    sendAs(active, client, ClientRequest.get(url("/")).withParent(explicit.parent()));
    active.finish();
    explicit.finish();

    TestSpan span = awaitOnlySpan();
    assertEquals(explicit.spanId(), span.parentId(), "parent");
    assertEquals(explicit.traceId(), span.traceId(), "trace");
  }

  /**
   * The attempt's own context reaches the peer: exactly one of each trace header, with the attempt's context
   * ({@code traceid} and {@code spanid} on OpenTracing's MockTracer).
   */
  @Test
  void injectsTheAttemptsOwnContext() throws Exception {
    server.enqueue(ok("hello"));

    client().send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    assertCarriesContextOf(takeRequest(), span);
  }

  /** Trace headers already on the request are replaced by the attempt's, never sent twice. */
  @Test
  void replacesTraceHeadersAlreadyOnTheRequest() throws Exception {
    server.enqueue(ok("hello"));

    ClientRequest request = ClientRequest.get(url("/"));
    for (Map.Entry<String, String> header : tracer.traceHeaders("1", "2").entrySet()) {
      request = request.withHeader(header.getKey(), header.getValue());
    }
    client().send(request);

    TestSpan span = awaitOnlySpan();
    assertCarriesContextOf(takeRequest(), span);
  }

  /** A 4xx is a response, not an error: status tag, no {@code error} tag, no error log. */
  @Test
  void clientErrorStatusIsNotAnError() throws Exception {
    server.enqueue(status(404));

    assertEquals(404, client().send(ClientRequest.get(url("/missing"))).status());

    TestSpan span = awaitOnlySpan();
    assertEquals(expectedTags("GET", url("/missing").toString(), 404), span.tags());
    assertFalse(SpanEvents.has(span, ERROR), () -> "no exception, no error log: " + SpanEvents.describe(span));
  }

  /** A 5xx marks the span {@code error=true} with its status; there was no exception, so no error log. */
  @Test
  void serverErrorStatusIsAnError() throws Exception {
    server.enqueue(status(503));

    assertEquals(503, client().send(ClientRequest.get(url("/busy"))).status());

    TestSpan span = awaitOnlySpan();
    assertEquals(expectedTags("GET", url("/busy").toString(), 503), span.tags());
    assertFalse(SpanEvents.has(span, ERROR), () -> "no exception, no error log: " + SpanEvents.describe(span));
  }

  /**
   * {@code http.url} carries neither the userinfo nor the values of sensitive query parameters. A client that
   * refuses URLs with userinfo ({@link #clientSendsUserInfo()} false) is checked on the query parameters alone.
   */
  @Test
  void urlIsSanitized() throws Exception {
    server.enqueue(ok("hello"));
    String path = "/p?token=abc&x=1";
    URI withSecrets = URI.create("http://" + (clientSendsUserInfo() ? "user:pw@" : "") + hostPort() + path);

    client().send(ClientRequest.get(withSecrets));

    TestSpan span = awaitOnlySpan();
    assertEquals("http://" + hostPort() + "/p?token=REDACTED&x=1", span.tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(path, takeRequest().target(), "the request itself is sent as the application wrote it");
  }

  /** With lifecycle events off, a successful attempt logs nothing, and its tags are the same. */
  @Test
  void lifecycleEventsOffLogsNothing() throws Exception {
    server.enqueue(ok("hello"));

    client(setup().withLifecycleEvents(false)).send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    assertEquals(List.of(), span.logs().stream().map(e -> e.fields()).collect(Collectors.toList()));
    assertEquals(expectedTags("GET", url("/").toString(), 200), span.tags());
  }

  /**
   * With the call span on, a redirected call makes one call span ({@code HTTP Client} on OpenTracing), child of the caller's span and
   * parent of both attempts, finished when the call ends.
   */
  @Test
  void callSpanGroupsTheAttemptsOfOneCall() throws Exception {
    server.enqueue(redirect(301, "/b"));
    server.enqueue(ok("b"));
    TracedClient client = client(setup().withCallSpan(true));
    TestTracer.CallerSpan parent = testSpan("caller");

    assertEquals(new ClientResponse(200, "b"), sendAs(parent, client, ClientRequest.get(url("/a"))));
    parent.finish();

    List<TestSpan> spans = awaitSpans(3);
    List<TestSpan> calls = spans.stream().filter(s -> s.name().equals(tracer.defaultName(SpanKind.CALL, "GET")))
        .collect(Collectors.toList());
    assertEquals(1, calls.size(), () -> "one call span: " + describe(spans));
    TestSpan call = calls.get(0);
    assertEquals(parent.spanId(), call.parentId(), "the call span is the caller's child");
    assertEquals(parent.traceId(), call.traceId());
    assertNull(call.tags().get(Tags.SPAN_KIND.getKey()), "the call span has no span.kind");
    assertEquals(clientUnderTest().component(), call.tags().get(Tags.COMPONENT.getKey()), "component");
    assertEquals("GET", call.tags().get(Tags.HTTP_METHOD.getKey()), "http.method");
    assertEquals(url("/a").toString(), call.tags().get(Tags.HTTP_URL.getKey()), "http.url");

    List<TestSpan> attempts = spans.stream().filter(s -> s != call).collect(Collectors.toList());
    assertEquals(List.of(url("/a").toString(), url("/b").toString()),
        attempts.stream().map(s -> s.tags().get(Tags.HTTP_URL.getKey())).collect(Collectors.toList()));
    for (TestSpan attempt : attempts) {
      assertEquals(Tags.SPAN_KIND_CLIENT, attempt.tags().get(Tags.SPAN_KIND.getKey()));
      assertEquals(call.spanId(), attempt.parentId(), () -> "child of the call span: " + describe(spans));
      assertTrue(call.finishMicros() >= attempt.finishMicros(),
          () -> "the call span ends after its attempts: " + call.finishMicros() + " < " + attempt.finishMicros());
    }
  }

  /**
   * Whether the client sends a request whose URL carries userinfo ({@code user:pw@host}); true unless overridden.
   * Apache HttpClient 5 refuses such a request before sending it (a {@code ProtocolException}), so its module
   * overrides this and checks the sanitized URL of that refused call in its own tests.
   */
  protected boolean clientSendsUserInfo() {
    return true;
  }
}

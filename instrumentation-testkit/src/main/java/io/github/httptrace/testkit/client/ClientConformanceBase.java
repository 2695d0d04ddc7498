package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.Waits;
import io.opentracing.tag.Tags;
import io.github.httptrace.testkit.peer.PeerRequest;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every client conformance test needs: a {@link TestTracer} ({@link #newTracer()}: OpenTracing over MockTracer
 * unless a binding module says otherwise), a loopback peer ({@link PeerServer}, the test
 * kit's own HTTP/1.1 server on JDK sockets, new for each test, reached as {@code app.test} through {@link
 * LoopbackResolver}), clients built by the {@link
 * ClientUnderTest} and closed after the test, and the checks that hold after every test whatever it did:
 *
 * <ul>
 *   <li>every span was finished exactly once and never used after ({@link SpanAssertions#assertFinishedExactlyOnce});
 *   <li>every span log lies within its span, in time order ({@link SpanEvents#assertTimestampsWithinSpan});
 *   <li>no span of the instrumentation was ever active in the client's outermost interceptor or in an
 *       asynchronous callback ({@link ActiveSpanProbe}); there the client may only see what the test itself made
 *       active where it sent the call ({@link #sendAs}): a synchronous client's interceptor on the calling thread,
 *       an asynchronous call's callback in the context the call was made in.
 * </ul>
 *
 * <p>A client module runs the suite by extending each topic class once per way of calling, with {@code @Nested}
 * classes that only say which {@link ClientUnderTest} to use; a binding module extends them again with its own
 * {@link #newTracer()}. Spans are read as {@link TestSpan}s, in OpenTracing's vocabulary whatever the binding.
 */
public abstract class ClientConformanceBase {

  /** For subclasses: a client module's or a binding's run of these cases. */
  protected ClientConformanceBase() {}

  /** The host every test URL names; {@link LoopbackResolver} resolves it to 127.0.0.1. */
  protected static final String HOST = "app.test";
  /** The address the peer listens on, as the {@code peer.ipv4} tag and the events must say it. */
  protected static final String LOOPBACK = "127.0.0.1";

  /** Where all spans of the test go: {@link #newTracer()}, one per test. */
  protected final TestTracer tracer = newTracer();
  /** Installed by {@link #setup()}: the client's outermost interceptor and callbacks record into it. */
  protected final ActiveSpanProbe probe = ActiveSpanProbe.of(tracer);
  /** The loopback peer, started before each test and closed after it. */
  protected PeerServer server;

  private final List<TracedClient> clients = new ArrayList<>();
  private final Set<TestTracer.CallerSpan> callerSpans = ConcurrentHashMap.newKeySet();
  private final Set<String> testSpanIds = ConcurrentHashMap.newKeySet();
  private boolean https;
  private boolean scopesMayLeak;

  /** The client instrumentation and way of calling this run of the suite holds to the contract. */
  protected abstract ClientUnderTest clientUnderTest();

  /**
   * The tracer of one test, made once per test instance (as the instance is made, so do not read subclass fields
   * here): OpenTracing over a new MockTracer unless overridden. A binding module overrides it to run the suite on
   * its own binding.
   */
  protected TestTracer newTracer() {
    return OpenTracingTestTracer.create();
  }

  /** Starts the peer on the loopback address, any free port. */
  @BeforeEach
  protected final void startPeer() throws IOException {
    server = PeerServer.start();
  }

  /**
   * Closes the clients and the peer, then checks what must hold after any test: spans finished exactly once,
   * logs within their spans, no instrumentation span seen active by the probe, and every request well-formed.
   */
  @AfterEach
  protected final void closeAndCheck() {
    try {
      for (TracedClient client : clients) client.close();
    } finally {
      server.close();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
    for (TestSpan span : tracer.finishedSpans()) SpanEvents.assertTimestampsWithinSpan(span);
    if (!scopesMayLeak) assertProbeSawNoInstrumentationSpan();
    assertEquals(List.of(), server.failures(), "the peer understood every request it was sent");
  }

  private void assertProbeSawNoInstrumentationSpan() {
    // A synchronous client's outermost interceptor runs on the caller's thread, and an asynchronous call's callback
    // runs in the context current where the call was made: both rightly see the caller's span, never an attempt's.
    for (ActiveSpanProbe.Observation seen : probe.observations()) {
      assertTrue(seen.active() == null
              || callerSpans.stream().anyMatch(caller -> tracer.sameSpan(caller.nativeSpan(), seen.active())),
          () -> "the instrumentation left a span active: " + seen);
    }
  }

  /** {@code http://app.test:PORT} + {@code path}, or {@code https://} once {@link #useHttps()} was called. */
  protected URI url(String path) {
    return URI.create((https ? "https" : "http") + "://" + HOST + ":" + server.port() + path);
  }

  /** The peer's port. */
  protected int port() {
    return server.port();
  }

  /** {@code app.test:PORT}: the {@code hostPort} of {@code GetConn}. */
  protected String hostPort() {
    return HOST + ":" + server.port();
  }

  /** Makes the peer speak TLS with the suite's self-signed certificate ({@link TestCertificates}). */
  protected void useHttps() {
    server.useHttps(TestCertificates.serverContext());
    https = true;
  }

  /** The default setup of this test's clients: {@link ClientSetup#of} the tracer's binding, with the probe. */
  protected ClientSetup setup() {
    return ClientSetup.of(tracer).withProbe(probe);
  }

  /** A client with {@link #setup()}, closed after the test. */
  protected TracedClient client() {
    return client(setup());
  }

  /** A client built from {@code setup}, closed after the test. */
  protected TracedClient client(ClientSetup setup) {
    TracedClient client = clientUnderTest().create(setup);
    clients.add(client);
    return client;
  }

  /** A new root span of the test's own (not the instrumentation's), e.g. a caller's span; the test finishes it. */
  protected TestTracer.CallerSpan testSpan(String name) {
    TestTracer.CallerSpan span = tracer.startCaller(name);
    testSpanIds.add(span.spanId());
    return span;
  }

  /**
   * Sends {@code request} with {@code caller} (one of {@link #testSpan}) active on this thread, as a caller would,
   * and checks that the instrumentation leaves the thread as it found it: the caller's span active after the
   * call, and after the caller's scope closed, what was active before.
   */
  protected ClientResponse sendAs(TestTracer.CallerSpan caller, TracedClient client, ClientRequest request)
      throws Exception {
    Object before = tracer.current();
    callerSpans.add(caller);
    ClientResponse response;
    TestTracer.Scope scope = caller.makeCurrent();
    try {
      response = client.send(request);
      Object after = tracer.current();
      assertTrue(tracer.sameSpan(caller.nativeSpan(), after),
          () -> "the caller's span is active again after the call: expected " + caller.nativeSpan() + ", was "
              + after);
    } finally {
      scope.close();
    }
    Object restored = tracer.current();
    assertTrue(tracer.sameSpan(before, restored),
        () -> "the sending thread's active span after the caller's scope: expected " + before + ", was "
            + restored);
    return response;
  }

  /**
   * Tells the after-test checks not to look for active spans: an OpenTracing tracer whose {@code Scope.close}
   * throws keeps its own scope on the thread, and nobody can remove it.
   */
  protected void allowScopeLeaks() {
    scopesMayLeak = true;
  }

  /** The finished spans the instrumentation made (not the test's own), in start order. */
  protected List<TestSpan> spans() {
    return tracer.finishedSpans().stream()
        .filter(span -> !testSpanIds.contains(span.spanId()))
        .sorted(Comparator.comparingLong(TestSpan::startMicros))
        .collect(Collectors.toList());
  }

  /**
   * Waits (at most 10 s) until the instrumentation finished {@code count} spans, then fails if it finished
   * another; returns them in start order. An asynchronous client may finish a span just after its callback ran.
   */
  protected List<TestSpan> awaitSpans(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> spans().size() >= count);
    List<TestSpan> spans = spans();
    assertEquals(count, spans.size(), () -> "finished spans: " + describe(spans));
    return spans;
  }

  /** {@link #awaitSpans} of one span, returned. */
  protected TestSpan awaitOnlySpan() {
    return awaitSpans(1).get(0);
  }

  /** The next request the peer received, waiting at most 5 s. */
  protected PeerRequest takeRequest() throws InterruptedException {
    PeerRequest request = server.takeRequest(Duration.ofSeconds(5));
    assertNotNull(request, "the peer received no request");
    return request;
  }

  /**
   * The tags an attempt span must have, and no others: the client tags of the contract for a response with
   * {@code status} from the peer ({@code peer.ipv4} 127.0.0.1), {@code error=true} for a 5xx.
   *
   * @param method e.g. {@code GET}
   * @param url the expected (sanitized) {@code http.url}
   * @param status the response status
   */
  protected Map<String, Object> expectedTags(String method, String url, int status) {
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT);
    tags.put(Tags.COMPONENT.getKey(), clientUnderTest().component());
    tags.put(Tags.HTTP_METHOD.getKey(), method);
    tags.put(Tags.HTTP_URL.getKey(), url);
    tags.put(Tags.PEER_HOSTNAME.getKey(), HOST);
    tags.put(Tags.PEER_PORT.getKey(), port());
    tags.put(Tags.PEER_HOST_IPV4.getKey(), LOOPBACK);
    tags.put(Tags.HTTP_STATUS.getKey(), status);
    if (status >= 500) tags.put(Tags.ERROR.getKey(), true);
    return tags;
  }

  /**
   * Fails unless {@code span} is a failed attempt at {@code url} (no query secrets in it): the tags every client
   * attempt has whatever happened (kind, component, method, URL, peer name and port), {@code error=true}, no
   * {@code http.status_code}.
   */
  protected void assertFailedAttemptTags(TestSpan span, String method, URI url) {
    Map<String, Object> tags = span.tags();
    String where = SpanEvents.describe(span);
    assertEquals(Tags.SPAN_KIND_CLIENT, tags.get(Tags.SPAN_KIND.getKey()), () -> "span.kind of " + where);
    assertEquals(clientUnderTest().component(), tags.get(Tags.COMPONENT.getKey()), () -> "component of " + where);
    assertEquals(method, tags.get(Tags.HTTP_METHOD.getKey()), () -> "http.method of " + where);
    assertEquals(url.toString(), tags.get(Tags.HTTP_URL.getKey()), () -> "http.url of " + where);
    assertEquals(url.getHost(), tags.get(Tags.PEER_HOSTNAME.getKey()), () -> "peer.hostname of " + where);
    assertEquals(url.getPort(), tags.get(Tags.PEER_PORT.getKey()), () -> "peer.port of " + where);
    assertEquals(true, tags.get(Tags.ERROR.getKey()), () -> "error of " + where);
    assertFalse(tags.containsKey(Tags.HTTP_STATUS.getKey()), () -> "a failed attempt has no status: " + where);
  }

  /**
   * Fails unless {@code request} carries exactly one of each trace header of the tracer's propagation format, with
   * {@code span}'s context ({@link TestTracer#contextHeaders}): on OpenTracing's MockTracer one {@code traceid} and
   * one {@code spanid}.
   */
  protected void assertCarriesContextOf(PeerRequest request, TestSpan span) {
    Map<String, List<String>> expected = tracer.contextHeaders(span);
    Map<String, List<String>> sent = new LinkedHashMap<>();
    for (String name : expected.keySet()) sent.put(name, request.headerValues(name));
    assertEquals(expected, sent, () -> "trace headers of " + request.requestLine() + " for "
        + SpanEvents.describe(span));
  }

  /**
   * Fails unless the failure the application got and the one the span logged are one failure: the same
   * Throwable, or one the cause of the other. The instrumentation never replaces what the client threw.
   */
  protected static void assertSameFailure(Throwable thrown, Throwable logged) {
    assertTrue(causes(thrown, logged) || causes(logged, thrown),
        () -> "the application got " + thrown + " but the span logged " + logged);
  }

  private static boolean causes(Throwable error, Throwable cause) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t == cause) return true;
    }
    return false;
  }

  /** What the asynchronous callbacks saw so far, in order: one observation per call. */
  protected List<ActiveSpanProbe.Observation> callbackObservations() {
    return probe.observations().stream()
        .filter(seen -> ClientSetup.PROBE_CALLBACK.equals(seen.where()))
        .collect(Collectors.toList());
  }

  /**
   * For an asynchronous client: fails unless its callbacks recorded at least {@code minimum} observations within 5 s.
   * A callback may run just after the call's future completed, so it is waited for.
   */
  protected void assertCallbacksProbed(int minimum) {
    if (!clientUnderTest().asynchronous()) return;
    Waits.atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      long callbacks = probe.observations().stream()
          .filter(seen -> ClientSetup.PROBE_CALLBACK.equals(seen.where()))
          .count();
      assertTrue(callbacks >= minimum, () -> "callbacks probed: " + callbacks + ", expected at least " + minimum);
    });
  }

  /** A 200 response with {@code body}. */
  protected static PeerResponse ok(String body) {
    return PeerResponse.ok(body);
  }

  /** A response with status {@code code} and an empty body. */
  protected static PeerResponse status(int code) {
    return PeerResponse.status(code);
  }

  /** A redirect with status {@code code} to {@code location} (as written in the header, often relative). */
  protected static PeerResponse redirect(int code, String location) {
    return PeerResponse.redirect(code, location);
  }

  /** {@link SpanEvents#describe} of each span, one per line. */
  protected static String describe(List<TestSpan> spans) {
    return spans.stream().map(SpanEvents::describe).collect(Collectors.joining("\n  ", "\n  ", ""));
  }
}

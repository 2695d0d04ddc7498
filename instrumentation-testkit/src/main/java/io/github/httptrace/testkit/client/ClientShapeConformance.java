package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.EVENT;
import static io.github.httptrace.core.HttpEvents.FIELD_BYTES;
import static io.github.httptrace.core.HttpEvents.FIELD_HOST;
import static io.github.httptrace.core.HttpEvents.FIELD_LOCATION;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.REDIRECT;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.peer.PeerRequest;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.tag.Tags;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC, Span model / Client, Tags and Lifecycle events over the shapes production traffic has: every method (HEAD,
 * PUT, DELETE, PATCH, OPTIONS), request bodies of 0 B, 1 MiB and streamed (chunked), a 10 MiB response read to the
 * end, the redirects with their method and body rules (303, 307, 308), a three-hop chain, a redirect to another host
 * and one from http to https. Each with its exact tags, events and what the peer received.
 */
public abstract class ClientShapeConformance extends ClientConformanceBase {
  /** One mebibyte. */
  protected static final int MIB = 1024 * 1024;
  /** The events of a fresh plain-HTTP attempt up to its connection. */
  protected static final List<String> FRESH_PLAIN = List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START,
      CONNECT_DONE, GOT_CONN);
  /** The events of an exchange whose response body is read to the end. */
  protected static final List<String> EXCHANGE = List.of(WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE,
      CLOSED_BODY);

  /**
   * Each method is a span named and tagged with it, the request reaches the peer with it, and the whole lifecycle
   * is logged; PUT and PATCH carry a body, HEAD's response has headers only (a {@code Content-Length} and no body).
   */
  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void everyMethodIsItsOwnSpanWithItsWholeLifecycle(String method) throws Exception {
    server.enqueue(ok("hello"));
    String body = method.equals("PUT") || method.equals("PATCH") ? "payload" : null;

    ClientResponse response = client().send(ClientRequest.of(method, url("/item"), body));

    assertEquals(new ClientResponse(200, method.equals("HEAD") ? "" : "hello"), response);
    PeerRequest received = takeRequest();
    assertEquals(method, received.method());
    assertEquals(body == null ? "" : body, received.bodyUtf8());
    TestSpan span = awaitOnlySpan();
    assertEquals(tracer.defaultName(SpanKind.CLIENT, method), span.name());
    assertEquals(expectedTags(method, url("/item").toString(), 200), span.tags());
    boolean bodiless = method.equals("HEAD");
    List<String> exchange = bodiless && !clientUnderTest().closesBodilessResponses()
        ? EXCHANGE.subList(0, EXCHANGE.size() - 1) : EXCHANGE;
    assertEquals(concat(FRESH_PLAIN, exchange), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals(body == null ? 0L : 7L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES), "WroteRequest");
    if (SpanEvents.has(span, CLOSED_BODY)) {
      assertEquals(bodiless ? 0L : 5L, SpanEvents.fields(span, CLOSED_BODY).get(FIELD_BYTES), "ClosedBody");
    }
    assertCarriesContextOf(received, span);
  }

  /** An empty body is a body: its headers say so ({@code Content-Length: 0}), and WroteRequest logs 0 bytes. */
  @Test
  void anEmptyRequestBodyIsZeroBytes() throws Exception {
    server.enqueue(ok("done"));

    assertEquals(new ClientResponse(200, "done"), client().send(ClientRequest.post(url("/empty"), "")));

    PeerRequest received = takeRequest();
    assertEquals("0", received.header("Content-Length"));
    assertEquals("", received.bodyUtf8());
    TestSpan span = awaitOnlySpan();
    assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals(0L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES));
  }

  /**
   * A 1 MiB upload reaches the peer whole; WroteRequest counts every byte, after WroteHeaders. The client frames it
   * as it likes: with its length, or chunked (the async HttpClient streams a body larger than its buffer).
   */
  @Test
  void aOneMebibyteUploadIsCountedWhole() throws Exception {
    server.enqueue(ok("stored"));
    String body = "u".repeat(MIB);

    assertEquals(new ClientResponse(200, "stored"), client().send(ClientRequest.of("PUT", url("/blob"), body)));

    PeerRequest received = takeRequest();
    if (received.header("Content-Length") != null) {
      assertEquals(String.valueOf(MIB), received.header("Content-Length"));
    } else {
      assertEquals("chunked", received.header("Transfer-Encoding"));
    }
    assertEquals(MIB, received.body().length);
    TestSpan span = awaitOnlySpan();
    assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals((long) MIB, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES));
    assertTrue(SpanEvents.timestamp(span, WROTE_HEADERS) <= SpanEvents.timestamp(span, WROTE_REQUEST));
  }

  /** A streamed body of unknown length goes chunked; WroteRequest still counts the bytes sent. */
  @Test
  void aStreamedBodyIsSentChunkedAndCounted() throws Exception {
    server.enqueue(ok("streamed"));
    String body = "s".repeat(100_000);

    assertEquals(new ClientResponse(200, "streamed"),
        client().send(ClientRequest.post(url("/stream"), body).asChunked()));

    PeerRequest received = takeRequest();
    assertEquals("chunked", received.header("Transfer-Encoding"));
    assertNull(received.header("Content-Length"));
    assertEquals(body, received.bodyUtf8());
    TestSpan span = awaitOnlySpan();
    assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals(100_000L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES));
  }

  /** A 10 MiB response read to the end: ClosedBody counts it all and is the span's end. */
  @Test
  void aTenMebibyteResponseReadToTheEndEndsTheSpanAtItsLastByte() throws Exception {
    server.enqueue(PeerResponse.ok("").withBody("d".repeat(10 * MIB)));

    ClientResponse response = client().send(ClientRequest.get(url("/large")));

    assertEquals(200, response.status());
    assertEquals(10 * MIB, response.body().length());
    TestSpan span = awaitOnlySpan();
    assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals(10L * MIB, SpanEvents.fields(span, CLOSED_BODY).get(FIELD_BYTES));
    assertEquals(SpanEvents.timestamp(span, CLOSED_BODY), span.finishMicros(), "the body's end is the span's end");
  }

  /**
   * A 10 MiB response whose application reads 100 bytes and closes it, or closes it unread: the close ends the
   * attempt (ClosedBody at its time, the span's end), counting what the client read off the connection (at least
   * what the application read, at most a buffer more; never the whole body).
   */
  @ParameterizedTest
  @ValueSource(ints = {100, 0})
  void aResponseClosedEarlyEndsTheSpanAtTheClose(int bytes) throws Exception {
    assumeTrue(clientUnderTest().closesBodiesEarly(), "this client's consumer reads bodies itself");
    server.enqueue(PeerResponse.ok("").withBody("d".repeat(10 * MIB)));

    ClientResponse response = client().sendAndCloseAfter(ClientRequest.get(url("/large")), bytes);

    assertEquals(new ClientResponse(200, "d".repeat(bytes)), response);
    TestSpan span = awaitOnlySpan();
    assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    long counted = (Long) SpanEvents.fields(span, CLOSED_BODY).get(FIELD_BYTES);
    assertTrue(counted >= bytes && counted <= bytes + 64 * 1024, () -> "ClosedBody bytes " + counted);
    assertEquals(SpanEvents.timestamp(span, CLOSED_BODY), span.finishMicros(), "the close is the span's end");
    assertEquals(expectedTags("GET", url("/large").toString(), 200), span.tags());
  }

  /** A 303 after a POST: the next hop is a GET without the body, as every client does it. */
  @Test
  void a303TurnsThePostIntoAGetWithoutItsBody() throws Exception {
    server.enqueue(redirect(303, "/result"));
    server.enqueue(ok("result"));

    assertEquals(new ClientResponse(200, "result"), client().send(ClientRequest.post(url("/form"), "field=1")));

    List<TestSpan> spans = awaitSpans(2);
    assertEquals(expectedTags("POST", url("/form").toString(), 303), spans.get(0).tags());
    assertEquals(expectedTags("GET", url("/result").toString(), 200), spans.get(1).tags());
    assertRedirect(spans.get(0), 303, url("/result"));
    assertEquals(7L, SpanEvents.fields(spans.get(0), WROTE_REQUEST).get(FIELD_BYTES));
    assertEquals(0L, SpanEvents.fields(spans.get(1), WROTE_REQUEST).get(FIELD_BYTES));
    PeerRequest first = takeRequest();
    PeerRequest second = takeRequest();
    assertEquals(List.of("POST", "GET"), List.of(first.method(), second.method()));
    assertEquals("", second.bodyUtf8());
    assertCarriesContextOf(first, spans.get(0));
    assertCarriesContextOf(second, spans.get(1));
  }

  /** A 307 or 308 after a POST: the next hop is the same POST with the same body. */
  @ParameterizedTest
  @ValueSource(ints = {307, 308})
  void a307Or308RepeatsThePostWithItsBody(int status) throws Exception {
    server.enqueue(redirect(status, "/moved"));
    server.enqueue(ok("kept"));

    assertEquals(new ClientResponse(200, "kept"), client().send(ClientRequest.post(url("/form"), "field=1")));

    List<TestSpan> spans = awaitSpans(2);
    assertEquals(expectedTags("POST", url("/form").toString(), status), spans.get(0).tags());
    assertEquals(expectedTags("POST", url("/moved").toString(), 200), spans.get(1).tags());
    assertRedirect(spans.get(0), status, url("/moved"));
    for (TestSpan hop : spans) assertEquals(7L, SpanEvents.fields(hop, WROTE_REQUEST).get(FIELD_BYTES));
    PeerRequest first = takeRequest();
    PeerRequest second = takeRequest();
    assertEquals(List.of("POST", "POST"), List.of(first.method(), second.method()));
    assertEquals("field=1", second.bodyUtf8());
    assertCarriesContextOf(second, spans.get(1));
  }

  /** Three hops are three sibling attempts in one trace, the first two ending in Redirect, each with its context. */
  @Test
  void aThreeHopChainIsThreeSiblingAttempts() throws Exception {
    server.enqueue(redirect(301, "/two"));
    server.enqueue(redirect(302, "/three"));
    server.enqueue(ok("end"));
    TestTracer.CallerSpan caller = testSpan("caller");

    assertEquals(new ClientResponse(200, "end"), sendAs(caller, client(), ClientRequest.get(url("/one"))));
    caller.finish();

    List<TestSpan> spans = awaitSpans(3);
    List<String> paths = List.of("/one", "/two", "/three");
    List<Integer> statuses = List.of(301, 302, 200);
    for (int i = 0; i < 3; i++) {
      TestSpan hop = spans.get(i);
      assertEquals(caller.spanId(), hop.parentId(), "hop " + i + " is the caller's child");
      assertEquals(caller.traceId(), hop.traceId());
      assertEquals(expectedTags("GET", url(paths.get(i)).toString(), statuses.get(i)), hop.tags());
      if (i < 2) {
        assertRedirect(hop, statuses.get(i), url(paths.get(i + 1)));
      } else {
        assertFalse(SpanEvents.has(hop, REDIRECT), () -> SpanEvents.describe(hop));
      }
      assertCarriesContextOf(takeRequest(), hop);
    }
    assertTrue(spans.get(0).finishMicros() <= spans.get(1).startMicros(), "the hops do not overlap");
    assertTrue(spans.get(1).finishMicros() <= spans.get(2).startMicros(), "the hops do not overlap");
  }

  /**
   * A redirect to another host (another {@code *.test} name, on another peer) is an attempt on a new connection:
   * its own name resolution and connect, its own peer tags.
   */
  @Test
  void aRedirectToAnotherHostConnectsAnew() throws Exception {
    try (PeerServer other = PeerServer.start()) {
      URI target = URI.create("http://other.test:" + other.port() + "/there");
      server.enqueue(redirect(302, target.toString()));
      other.enqueue(ok("there"));

      assertEquals(new ClientResponse(200, "there"), client().send(ClientRequest.get(url("/here"))));

      List<TestSpan> spans = awaitSpans(2);
      assertRedirect(spans.get(0), 302, target);
      TestSpan second = spans.get(1);
      assertEquals(otherHostTags(target, 200), second.tags());
      assertEquals(concat(FRESH_PLAIN, EXCHANGE), SpanEvents.names(second), () -> SpanEvents.describe(second));
      assertEquals("other.test", SpanEvents.fields(second, DNS_START).get(FIELD_HOST));
      assertEquals(false, SpanEvents.fields(second, GOT_CONN).get(FIELD_REUSED));
      assertCarriesContextOf(takeRequest(), spans.get(0));
      PeerRequest there = other.takeRequest(java.time.Duration.ofSeconds(5));
      assertCarriesContextOf(there, second);
      assertEquals(List.of(), other.failures());
    }
  }

  /** A redirect from http to https: the next attempt connects anew and shakes hands (where the client sees it). */
  @Test
  void aRedirectFromHttpToHttpsConnectsAndShakesHands() throws Exception {
    try (PeerServer secure = PeerServer.start()) {
      secure.useHttps(TestCertificates.serverContext());
      URI target = URI.create("https://other.test:" + secure.port() + "/secure");
      server.enqueue(redirect(301, target.toString()));
      secure.enqueue(ok("secure"));

      assertEquals(new ClientResponse(200, "secure"), client().send(ClientRequest.get(url("/plain"))));

      List<TestSpan> spans = awaitSpans(2);
      assertRedirect(spans.get(0), 301, target);
      TestSpan second = spans.get(1);
      assertEquals(otherHostTags(target, 200), second.tags());
      List<String> handshake = clientUnderTest().seesTlsHandshake()
          ? List.of(TLS_HANDSHAKE_START, TLS_HANDSHAKE_DONE) : List.of();
      assertEquals(concat(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE), handshake,
          List.of(GOT_CONN), EXCHANGE), SpanEvents.names(second), () -> SpanEvents.describe(second));
      PeerRequest received = secure.takeRequest(java.time.Duration.ofSeconds(5));
      assertTrue(received.tls(), "the second hop went over TLS");
      assertCarriesContextOf(received, second);
      assertEquals(List.of(), secure.failures());
    }
  }

  /** The hop ends with Redirect, its status and the absolute next URL, and is no error. */
  private void assertRedirect(TestSpan hop, int status, URI next) {
    Map<String, ?> redirect = SpanEvents.last(hop);
    assertEquals(REDIRECT, redirect.get(EVENT), () -> "ends with Redirect: " + SpanEvents.describe(hop));
    assertEquals(status, redirect.get(Tags.HTTP_STATUS.getKey()));
    assertEquals(next.toString(), redirect.get(FIELD_LOCATION));
    assertFalse(hop.tags().containsKey(Tags.ERROR.getKey()), () -> SpanEvents.describe(hop));
  }

  /** The tags of a GET of {@code url} on another peer than the suite's. */
  private Map<String, Object> otherHostTags(URI url, int status) {
    Map<String, Object> tags = expectedTags("GET", url.toString(), status);
    tags.put(Tags.PEER_HOSTNAME.getKey(), url.getHost());
    tags.put(Tags.PEER_PORT.getKey(), url.getPort());
    return tags;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) all.addAll(part);
    return all;
  }
}

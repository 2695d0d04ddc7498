package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.EVENT;
import static io.github.httptrace.core.HttpEvents.FIELD_LOCATION;
import static io.github.httptrace.core.HttpEvents.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model / Client (one span per attempt, each hop its own) and Lifecycle events ({@code Redirect}): a
 * redirected call makes one sibling span per hop, each hop's request carries that hop's context, the hop that
 * led to the next logs {@code Redirect} with a sanitized absolute location, and a redirect loop fails on the
 * last attempt's span.
 */
public abstract class ClientRedirectConformance extends ClientConformanceBase {
  /** A 301 then a 200: two sibling attempts under the caller's span, each injected into its own request. */
  @Test
  void eachHopIsASiblingAttemptWithItsOwnContext() throws Exception {
    server.enqueue(redirect(301, "/b"));
    server.enqueue(ok("b"));
    TracedClient client = client();
    TestTracer.CallerSpan parent = testSpan("caller");

    assertEquals(new ClientResponse(200, "b"), sendAs(parent, client, ClientRequest.get(url("/a"))));
    parent.finish();

    List<TestSpan> spans = awaitSpans(2);
    TestSpan first = spans.get(0);
    TestSpan second = spans.get(1);
    for (TestSpan hop : spans) {
      assertEquals(parent.traceId(), hop.traceId(), () -> "one trace: " + describe(spans));
      assertEquals(parent.spanId(), hop.parentId(), () -> "siblings under the caller: " + describe(spans));
    }
    assertEquals(expectedTags("GET", url("/a").toString(), 301), first.tags());
    assertEquals(expectedTags("GET", url("/b").toString(), 200), second.tags());

    Map<String, ?> redirect = SpanEvents.last(first);
    assertEquals(REDIRECT, redirect.get(EVENT), () -> "the first hop ends with Redirect: " + describe(spans));
    assertEquals(301, redirect.get(Tags.HTTP_STATUS.getKey()), "Redirect http.status_code (Integer)");
    assertEquals(url("/b").toString(), redirect.get(FIELD_LOCATION), "Redirect location, absolute");
    assertFalse(SpanEvents.has(second, REDIRECT), () -> "the last hop led nowhere: " + describe(spans));

    assertCarriesContextOf(takeRequest(), first);
    assertCarriesContextOf(takeRequest(), second);
  }

  /** The {@code location} of {@code Redirect} and the next hop's {@code http.url} are sanitized. */
  @Test
  void redirectLocationIsSanitized() throws Exception {
    server.enqueue(redirect(302, "/b?token=s3cr3t&x=1"));
    server.enqueue(ok("b"));

    client().send(ClientRequest.get(url("/a")));

    List<TestSpan> spans = awaitSpans(2);
    String sanitized = url("/b?token=REDACTED&x=1").toString();
    assertEquals(sanitized, SpanEvents.fields(spans.get(0), REDIRECT).get(FIELD_LOCATION), "Redirect location");
    assertEquals(sanitized, spans.get(1).tags().get(Tags.HTTP_URL.getKey()), "http.url of the next hop");
  }

  /**
   * A redirect loop ends in the client's own failure: one finished span per hop, each but the last ending in
   * {@code Redirect}, the last (which led nowhere) with the error.
   */
  @Test
  void redirectLoopFailsOnTheLastAttempt() throws Exception {
    server.setDispatcher(request -> redirect(302, "/loop"));

    Exception thrown = assertThrows(IOException.class, () -> client().send(ClientRequest.get(url("/loop"))));

    // One span per request the peer received; the call has failed, so their number is final.
    int limit = clientUnderTest().redirectLoopRequests();
    if (limit > 0) assertEquals(limit, server.requestCount(), "requests sent before the client's redirect limit");
    List<TestSpan> spans = awaitSpans(server.requestCount());
    assertTrue(spans.size() >= 2, () -> "one span per hop: " + describe(spans));
    TestSpan last = spans.get(spans.size() - 1);
    for (TestSpan hop : spans.subList(0, spans.size() - 1)) {
      assertEquals(REDIRECT, SpanEvents.last(hop).get(EVENT), () -> "each hop but the last ends with Redirect: "
          + SpanEvents.describe(hop));
      assertFalse(hop.tags().containsKey(Tags.ERROR.getKey()), () -> "a followed redirect is no error: "
          + SpanEvents.describe(hop));
    }
    assertEquals(true, last.tags().get(Tags.ERROR.getKey()), () -> "error on the last hop: " + describe(spans));
    assertFalse(SpanEvents.has(last, REDIRECT), () -> "the last hop led to no request: " + describe(spans));
    assertSameFailure(thrown, SpanEvents.assertErrorLog(last));
  }
}

package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.EVENT;
import static io.github.httptrace.core.HttpEvents.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.opentracing.tag.Tags;
import java.util.List;
import java.util.Map;
import io.github.httptrace.testkit.peer.PeerFault;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model / Client (each retry is its own attempt) and Lifecycle events ({@code Retry}): when the peer
 * drops a pooled connection under a request and the client retries on a new one, the failed attempt carries the
 * error and ends with {@code Retry}, the retry is a sibling with the response, and each request the peer
 * received carries its own attempt's context.
 */
public abstract class ClientRetryConformance extends ClientConformanceBase {
  /** A pooled connection dropped before the response: a failed attempt ending in Retry, then a successful sibling. */
  @Test
  void retryAfterADroppedPooledConnectionIsASiblingAttempt() throws Exception {
    server.enqueue(ok("pooled"));
    // The peer reads the second request, on the pooled connection, then closes it before any response byte.
    server.enqueue(ok("never sent").withFault(PeerFault.DISCONNECT_BEFORE_RESPONSE));
    server.enqueue(ok("retried"));
    TracedClient client = client();
    TestTracer.CallerSpan parent = testSpan("caller");

    assertEquals(new ClientResponse(200, "pooled"), sendAs(parent, client, ClientRequest.get(url("/first"))));
    assertEquals(new ClientResponse(200, "retried"), sendAs(parent, client, ClientRequest.get(url("/second"))));
    parent.finish();

    List<TestSpan> spans = awaitSpans(3);
    TestSpan failed = spans.get(1);
    TestSpan retried = spans.get(2);
    for (TestSpan span : spans) {
      assertEquals(parent.spanId(), span.parentId(), () -> "siblings under the caller: " + describe(spans));
    }
    assertEquals(true, failed.tags().get(Tags.ERROR.getKey()), () -> "the dropped attempt: " + describe(spans));
    assertEquals(url("/second").toString(), failed.tags().get(Tags.HTTP_URL.getKey()));
    assertFalse(failed.tags().containsKey(Tags.HTTP_STATUS.getKey()), () -> "no response: " + describe(spans));
    SpanEvents.assertErrorLog(failed);
    Map<String, ?> retry = SpanEvents.last(failed);
    assertEquals(RETRY, retry.get(EVENT), () -> "the dropped attempt ends with Retry: " + describe(spans));
    SpanEvents.assertErrorObject(retry);
    assertEquals(expectedTags("GET", url("/second").toString(), 200), retried.tags());
    assertFalse(SpanEvents.has(retried, RETRY), () -> "the retry led nowhere: " + describe(spans));

    assertCarriesContextOf(takeRequest(), spans.get(0));
    assertCarriesContextOf(takeRequest(), failed);
    assertCarriesContextOf(takeRequest(), retried);
    assertEquals(3, server.requestCount(), "the peer saw the first call, the dropped attempt and the retry");
  }
}

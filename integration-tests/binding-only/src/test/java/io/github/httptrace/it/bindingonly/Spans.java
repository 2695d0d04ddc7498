package io.github.httptrace.it.bindingonly;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Reading what the recording binding was told, with Awaitility where the last finish may come on another thread. */
final class Spans {
  static final Duration WAIT = Duration.ofSeconds(10);

  private Spans() {}

  /** The spans of {@code kind}, in start order. */
  static List<RecordedSpan> ofKind(RecordingBinding binding, SpanKind kind) {
    return binding.spans().stream().filter(span -> span.kind() == kind).toList();
  }

  /**
   * Waits until exactly {@code count} spans of {@code kind} were started and every one of them finished, then
   * returns them in start order, each checked finished exactly once with nothing called on it afterwards.
   */
  static List<RecordedSpan> finished(RecordingBinding binding, SpanKind kind, int count) {
    await().atMost(WAIT).until(() -> {
      List<RecordedSpan> spans = ofKind(binding, kind);
      return spans.size() == count && spans.stream().allMatch(span -> span.finishCount() > 0);
    });
    List<RecordedSpan> spans = ofKind(binding, kind);
    assertEquals(count, spans.size(), spans::toString);
    for (RecordedSpan span : spans) {
      assertEquals(1, span.finishCount(), span::toString);
      assertEquals(List.of(), span.callsAfterFinish(), span::toString);
    }
    return spans;
  }

  /** A span made current by the application, as a server span of its own would be. */
  static RecordedSpan startApplicationSpan(RecordingBinding binding) {
    return (RecordedSpan) binding.startSpan(SpanKind.SERVER,
        RequestFacts.server("application", "test", "GET", "http://127.0.0.1/app", "127.0.0.1", 80, null, null, 0,
            null, null),
        null, System.currentTimeMillis() * 1000);
  }

  /** {@code received} carries {@code span}'s own context, once each. */
  static void assertInjected(RecordedSpan span, RecordedRequest received) {
    assertEquals(List.of(Long.toString(span.id().traceId())), received.getHeaders().values("x-rec-trace"));
    assertEquals(List.of(Long.toString(span.id().spanId())), received.getHeaders().values("x-rec-span"));
  }

  /** The server answers a 302 to {@code /b}, then {@code ok}. */
  static void enqueueRedirect(MockWebServer server) {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }
}

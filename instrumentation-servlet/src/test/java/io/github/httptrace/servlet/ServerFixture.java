package io.github.httptrace.servlet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.SpanAssertions;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;

/** What each servlet test needs: a MockTracer, a probe in front of the filter, a Jetty, checks after each test. */
abstract class ServerFixture {
  final MockTracer tracer = new MockTracer();
  final ActiveSpanProbe probe = new ActiveSpanProbe(() -> tracer);
  Jetty jetty;
  /** Set by a test whose tracer cannot close scopes: the probe then has nothing to prove. */
  boolean scopesMayLeak;

  Jetty start(Filter filter, Consumer<ServletContextHandler> setup) throws Exception {
    jetty = Jetty.start(probe, filter, setup);
    return jetty;
  }

  Jetty start(Consumer<ServletContextHandler> setup) throws Exception {
    return start(TracingFilter.create(tracer), setup);
  }

  /** Waits until {@code count} spans finished, then checks no more than that did. */
  List<MockSpan> finishedSpans(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(count, spans.size(), () -> "finished spans: " + spans);
    return spans;
  }

  MockSpan onlySpan() {
    return finishedSpans(1).get(0);
  }

  @AfterEach
  void checkSpansAndScopes() throws Exception {
    try {
      SpanAssertions.assertFinishedExactlyOnce(tracer);
      // Entry and exit of at least one dispatch were seen, and no Jetty thread had a span active at either.
      if (!scopesMayLeak) probe.assertNothingActive(2);
    } finally {
      if (jetty != null) jetty.close();
    }
  }
}

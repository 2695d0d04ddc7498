package io.github.httptrace.it.braveonly;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.StrictCurrentTraceContext;
import brave.propagation.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** An application's Brave: a Tracing whose finished spans are kept, and a strict current context checked at close. */
final class BraveFixture implements AutoCloseable {
  final List<MutableSpan> spans = new CopyOnWriteArrayList<>();
  final StrictCurrentTraceContext current = StrictCurrentTraceContext.create();
  final Tracing tracing = Tracing.newBuilder()
      .localServiceName("brave-only")
      .localIp("127.0.0.1")
      .supportsJoin(false)
      .currentTraceContext(current)
      .addSpanHandler(new SpanHandler() {
        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
          spans.add(span);
          return true;
        }
      })
      .build();

  List<MutableSpan> await(int count) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spans.size() >= count);
    return List.copyOf(spans);
  }

  @Override
  public void close() {
    tracing.close();
    current.close();
  }
}

package io.github.httptrace.brave;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.propagation.StrictCurrentTraceContext;
import brave.sampler.Sampler;
import brave.test.TestSpanHandler;
import io.github.httptrace.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Brave {@link Tracing} for one test: every finished span recorded, a strict current context (a scope closed on
 * another thread or left open fails), B3 propagation, always sampled unless configured otherwise. {@link #close}
 * checks that no scope was left open on any thread.
 */
final class BraveFixture implements AutoCloseable {
  final TestSpanHandler spans = new TestSpanHandler();
  final StrictCurrentTraceContext current = StrictCurrentTraceContext.create();
  final Tracing tracing;

  private BraveFixture(Consumer<Tracing.Builder> configuration) {
    Tracing.Builder builder = Tracing.newBuilder()
        .localServiceName("brave-binding-test")
        .localIp("127.0.0.1")
        .currentTraceContext(current)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(spans);
    configuration.accept(builder);
    this.tracing = builder.build();
  }

  static BraveFixture create() {
    return new BraveFixture(builder -> {});
  }

  static BraveFixture create(Consumer<Tracing.Builder> configuration) {
    return new BraveFixture(configuration);
  }

  /** The first {@code count} finished spans, once that many are; spans finish on the client's or server's threads. */
  List<MutableSpan> await(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> spans.spans().size() >= count);
    return List.copyOf(spans.spans().subList(0, count));
  }

  @Override
  public void close() {
    tracing.close();
    current.close();
  }
}

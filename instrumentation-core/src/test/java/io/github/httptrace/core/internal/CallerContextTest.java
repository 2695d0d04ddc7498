package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What is current where an asynchronous call is made goes to its callback on another thread ({@link CallerContext}):
 * taken and restored through the binding, nothing when tracing is off, and nothing the binding throws escapes.
 */
@ExtendWith(QuietLog.class)
class CallerContextTest {
  private final RecordingBinding binding = new RecordingBinding();
  private final ClientTracing<TestHttp.Req, TestHttp.Resp> tracing =
      ClientTracing.newBuilder(binding, new TestHttp.Adapter(), TestHttp.COMPONENT).build();

  @Test
  void theCallersSpanIsCurrentOnAnotherThreadUntilTheScopeCloses() throws Exception {
    TracerBinding.Span caller = binding.startSpan(SpanKind.CLIENT, facts(), null, 1L);
    CallerContext context;
    TracerBinding.Scope callerScope = caller.makeCurrent();
    try {
      context = tracing.callerContext();
    } finally {
      callerScope.close();
    }

    CompletableFuture<Object[]> seen = CompletableFuture.supplyAsync(() -> {
      Object before = binding.currentSpan();
      TracerBinding.Scope scope = context.makeCurrent();
      Object during = binding.currentSpan();
      scope.close();
      return new Object[] {before, during, binding.currentSpan()};
    });

    Object[] result = seen.get(10, TimeUnit.SECONDS);
    assertNull(result[0]);
    assertSame(caller, result[1]);
    assertNull(result[2], "what was current before is restored");
  }

  @Test
  void nothingCurrentWhereTheCallWasMadeIsNothingCurrentInTheCallback() {
    CallerContext context = tracing.callerContext();
    TracerBinding.Span other = binding.startSpan(SpanKind.CLIENT, facts(), null, 1L);
    TracerBinding.Scope otherScope = other.makeCurrent();
    try {
      TracerBinding.Scope scope = context.makeCurrent();
      assertNull(binding.currentSpan());
      scope.close();
      assertSame(other, binding.currentSpan());
    } finally {
      otherScope.close();
    }
  }

  @Test
  void tracingOffTakesNothingAndRestoresNothing() {
    binding.enabled(false);
    TracerBinding.Span caller = binding.startSpan(SpanKind.CLIENT, facts(), null, 1L);
    TracerBinding.Scope callerScope = caller.makeCurrent();
    CallerContext context;
    try {
      context = tracing.callerContext();
    } finally {
      callerScope.close();
    }
    TracerBinding.Scope scope = context.makeCurrent();
    assertNull(binding.currentSpan(), "nothing made current with tracing off");
    scope.close();
  }

  @Test
  void aBindingThatThrowsNeverBreaksTheCallback() {
    for (String method : new String[] {"currentContext", "makeContextCurrent", "scope.close"}) {
      binding.healed().failIn(method);
      CallerContext context = assertDoesNotThrow(tracing::callerContext, method);
      TracerBinding.Scope scope = assertDoesNotThrow(context::makeCurrent, method);
      assertDoesNotThrow(scope::close, method);
    }
  }

  @Test
  void aBindingWithoutTheMethodsLeavesTheThreadAsItIs() {
    TracerBinding plain = new TracerBinding() {
      @Override
      public boolean isEnabled() {
        return true;
      }

      @Override
      public Class<?> parentType() {
        return Object.class;
      }

      @Override
      public Object currentParent() {
        return null;
      }

      @Override
      public Object extract(HeaderReader headers) {
        return null;
      }

      @Override
      public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
        throw new UnsupportedOperationException();
      }
    };
    assertNull(plain.currentContext());
    CallerContext context = ClientTracing.newBuilder(plain, new TestHttp.Adapter(), TestHttp.COMPONENT).build()
        .callerContext();
    assertDoesNotThrow(() -> context.makeCurrent().close());
  }

  private static RequestFacts facts() {
    return RequestFacts.client(null, "test", "GET", "http://a.test/", "a.test", 80);
  }
}

package io.github.httptrace.opentracing;

import io.github.httptrace.core.internal.Safe;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether an OpenTracing span records. The OpenTracing API has no such question, but the tracers under it know, and
 * some say so on their own public types: Brave's span ({@code brave.opentracing.BraveSpan.unwrap().isNoop()}, true
 * for a span of an unsampled trace such as one whose parent came with {@code X-B3-Sampled: 0}) and Jaeger's context
 * ({@code JaegerSpanContext.isSampled()}). They are read by reflection, resolved once per span class, so the binding
 * depends on no tracer; any other span records. Read once per span, when it starts.
 */
final class SamplingDecision {
  /** How one span class answers; {@link #ALWAYS} when it cannot. */
  private interface Reader {
    boolean isRecording(Span span) throws Throwable;
  }

  private static final Reader ALWAYS = span -> true;
  private static final ClassValue<Reader> READERS = new ClassValue<>() {
    @Override
    protected Reader computeValue(Class<?> type) {
      return readerOf(type);
    }
  };

  private SamplingDecision() {}

  /** Whether {@code span} records; true when its tracer does not say, or saying fails. */
  static boolean isRecording(Span span) {
    try {
      return READERS.get(span.getClass()).isRecording(span);
    } catch (Throwable t) {
      Safe.failed("span.isRecording", t);
      return true;
    }
  }

  private static Reader readerOf(Class<?> type) {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      // Brave: the span unwraps to brave.Span, which is a no-op span when not sampled.
      if (type.getName().equals("brave.opentracing.BraveSpan")) {
        MethodHandle unwrap = lookup.findVirtual(type, "unwrap", MethodType.methodType(
            Class.forName("brave.Span", false, type.getClassLoader())));
        MethodHandle isNoop = lookup.findVirtual(unwrap.type().returnType(), "isNoop",
            MethodType.methodType(boolean.class));
        MethodHandle noop = MethodHandles.filterReturnValue(unwrap, isNoop)
            .asType(MethodType.methodType(boolean.class, Span.class));
        return span -> !(boolean) noop.invokeExact(span);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Safe.failed("span.isRecording(" + type.getName() + ")", e);
      return ALWAYS;
    }
    return span -> contextSays(span.context());
  }

  /** Jaeger's context says whether it is sampled; any other context records. */
  private static boolean contextSays(SpanContext context) throws Throwable {
    if (context == null || !context.getClass().getName().equals("io.jaegertracing.internal.JaegerSpanContext")) {
      return true;
    }
    return (boolean) CONTEXT_READERS.get(context.getClass()).invokeExact((Object) context);
  }

  private static final ClassValue<MethodHandle> CONTEXT_READERS = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      try {
        return MethodHandles.publicLookup().findVirtual(type, "isSampled", MethodType.methodType(boolean.class))
            .asType(MethodType.methodType(boolean.class, Object.class));
      } catch (ReflectiveOperationException e) {
        return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, Object.class);
      }
    }
  };
}

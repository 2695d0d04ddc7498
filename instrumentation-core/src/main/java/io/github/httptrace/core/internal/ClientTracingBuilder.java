package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The options of a client instrumentation: those of every instrumentation ({@link TracingOptions}) and the
 * client's own (decorators, header injection, lifecycle events, the call span). A client module's builder extends
 * it and adds {@code build()}, and so offers the same names with the same meaning.
 *
 * @param <B> the module's builder, returned by every option for chaining
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public abstract class ClientTracingBuilder<B extends ClientTracingBuilder<B, Q, R>, Q, R>
    extends TracingOptions<B, Q> {
  final TracerBinding binding;
  final ClientAdapter<Q, R> adapter;
  final List<ClientDecorator<? super Q, ? super R, ?>> decorators = new ArrayList<>();
  boolean injectHeaders = true;
  boolean lifecycleEvents = true;
  boolean callSpan;

  /** Options for {@code binding}, reading requests through {@code adapter}, tagged {@code component}. */
  protected ClientTracingBuilder(TracerBinding binding, ClientAdapter<Q, R> adapter, String component) {
    super(component);
    this.binding = Objects.requireNonNull(binding, "binding");
    this.adapter = Objects.requireNonNull(adapter, "adapter");
  }

  /** The configuration these options make, for the module's {@code build()}. */
  protected final ClientTracing<Q, R> clientTracing() {
    return new ClientTracing<>(this);
  }

  /**
   * Adds a decorator; decorators run in the order added. Its span type {@code S} is the binding's own span ({@code
   * io.opentracing.Span} for OpenTracing, where the client's {@code …SpanDecorator} interface fixes it); a decorator
   * of another span type fails on each call, which is logged and skipped.
   */
  public B decorator(ClientDecorator<? super Q, ? super R, ?> decorator) {
    decorators.add(Objects.requireNonNull(decorator, "decorator"));
    return self();
  }

  /** Whether each attempt's context is injected into its request headers (default true). */
  public B injectHeaders(boolean injectHeaders) {
    this.injectHeaders = injectHeaders;
    return self();
  }

  /** Whether the lifecycle events are logged on attempt spans (default true); errors are recorded either way. */
  public B lifecycleEvents(boolean lifecycleEvents) {
    this.lifecycleEvents = lifecycleEvents;
    return self();
  }

  /** Whether a span of kind {@link SpanKind#CALL} groups each call's attempts (default false). */
  public B callSpan(boolean callSpan) {
    this.callSpan = callSpan;
    return self();
  }
}

package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The configuration every client instrumentation shares, and the factory of its per-call lifecycles ({@link
 * ClientCall}). A client module wraps one in its public entry point and maps its own request and response types
 * onto it through a {@link ClientAdapter}; the span model, the options and every safety rule live here once.
 *
 * <p>Immutable and thread-safe: one instance serves any number of clients and calls.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public final class ClientTracing<Q, R> {
  final TracerBinding binding;
  final ClientAdapter<Q, R> adapter;
  final RequestRules<Q> rules;
  final Decorators<ClientDecorator<? super Q, ? super R, Object>> decorators;
  final boolean injectHeaders;
  final boolean lifecycleEvents;
  final boolean callSpan;
  /** The adapter's URL as a function, made once: a method reference per attempt would cost its bytes. */
  final Function<Q, String> requestUrl;
  /** The caller context of a thread with nothing current, made once: most asynchronous calls are made from one. */
  private final CallerContext noCallerContext;

  @SuppressWarnings("unchecked")
  ClientTracing(ClientTracingBuilder<?, Q, R> options) {
    this.binding = options.binding;
    this.adapter = options.adapter;
    this.rules = options.rules();
    // A decorator's span type is the binding's; the hooks receive the binding's own span as it is.
    List<ClientDecorator<? super Q, ? super R, Object>> list = new ArrayList<>();
    for (ClientDecorator<? super Q, ? super R, ?> decorator : options.decorators) {
      list.add((ClientDecorator<? super Q, ? super R, Object>) decorator);
    }
    this.decorators = Decorators.of(list);
    this.injectHeaders = options.injectHeaders;
    this.lifecycleEvents = options.lifecycleEvents;
    this.callSpan = options.callSpan;
    ClientAdapter<Q, R> adapter = options.adapter;
    this.requestUrl = adapter::url;
    this.noCallerContext = CallerContext.empty(binding);
  }

  /**
   * A builder with the contract's defaults: the binding's span names, every request traced, no decorators, the
   * sanitized request URL as the URL, header injection and lifecycle events on, no call span, no header recorded.
   */
  public static <Q, R> Builder<Q, R> newBuilder(TracerBinding binding, ClientAdapter<Q, R> adapter,
      String component) {
    return new Builder<>(binding, adapter, component);
  }

  /** The binding spans go to. */
  public TracerBinding binding() {
    return binding;
  }

  /** False when the binding says spans would go nowhere: the client skips all its work then. */
  public boolean isEnabled() {
    return Bindings.isEnabled(binding);
  }

  /** The parent the user passed with a request, if {@code candidate} is of the binding's parent type; else null. */
  public Object explicitParent(Object candidate) {
    if (candidate == null) return null;
    try {
      return binding.parentType().isInstance(candidate) ? candidate : null;
    } catch (Throwable t) {
      Safe.failed("binding.parentType", t);
      return null;
    }
  }

  /** The binding's parent type, or null if it cannot say; clients look a request's explicit parent up by it. */
  public Class<?> parentType() {
    try {
      return binding.parentType();
    } catch (Throwable t) {
      Safe.failed("binding.parentType", t);
      return null;
    }
  }

  /**
   * What is current on this thread, to make current again around the callback of an asynchronous call made now
   * (nothing, when tracing is off). Take it where the call is made, on the caller's thread.
   */
  public CallerContext callerContext() {
    return CallerContext.capture(binding, noCallerContext);
  }

  /** Whether attempts log lifecycle events; clients skip their event hooks entirely when not. */
  public boolean lifecycleEvents() {
    return lifecycleEvents;
  }

  /** Whether each attempt's context is injected into its request headers. */
  public boolean injectHeaders() {
    return injectHeaders;
  }

  /**
   * Begins the lifecycle of one logical call for {@code request}, on the thread that creates the call. Its parent
   * is {@code explicitParent} if not null, else the span active on this thread, else none (a new trace). Returns
   * an untraced call, on which every method does nothing, when there is no tracer, the span filter skips the
   * request, or the tracer fails.
   */
  public ClientCall<Q, R> newCall(Q request, Object explicitParent) {
    ClientCall<Q, R> call = newCall(request, explicitParent, ClientCall::new);
    return call != null ? call : ClientCall.untraced();
  }

  /**
   * {@link #newCall(Object, Object)}, made by {@code factory}: a client module's subclass of {@link ClientCall} that
   * keeps its own per-call state, one object per call instead of two. Null where the other returns an untraced call.
   */
  public <C extends ClientCall<Q, R>> C newCall(Q request, Object explicitParent, CallFactory<Q, R, C> factory) {
    if (!isEnabled()) return null;
    if (!rules.traces(request)) return null;
    Object parent = explicitParent != null ? explicitParent : currentParent();
    return factory.newCall(this, request, parent, MicrosClock.start());
  }

  /**
   * Makes a traced call (see {@link ClientCall#ClientCall(ClientTracing, Object, Object, MicrosClock)}).
   *
   * @param <Q> the client's request type
   * @param <R> the client's response type
   * @param <C> the call's type
   */
  @FunctionalInterface
  public interface CallFactory<Q, R, C extends ClientCall<Q, R>> {
    /** A call traced by {@code tracing} for {@code request}, child of {@code parent}, timed on {@code clock}. */
    C newCall(ClientTracing<Q, R> tracing, Q request, Object parent, MicrosClock clock);
  }

  // Per-request paths below use try/catch with Safe.failed, Safe's own rule, instead of a capturing lambda each.

  private Object currentParent() {
    try {
      return binding.currentParent();
    } catch (Throwable t) {
      Safe.failed("binding.currentParent", t);
      return null;
    }
  }

  /**
   * The facts of {@code request} for the call span, which keeps the binding's name. The method is read now; the URL,
   * path, host and port when the binding asks ({@link ClientFacts}). An attempt is its own facts.
   */
  RequestFacts callFacts(Q request) {
    return new ClientFacts<>(this, request, null, method(request));
  }

  /** The request's method; empty if the adapter fails. */
  String method(Q request) {
    try {
      return adapter.method(request);
    } catch (Throwable t) {
      Safe.failed("adapter.method", t);
      return "";
    }
  }

  /** Whether any decorator is registered: the per-request hooks skip building their calls when none is. */
  boolean hasDecorators() {
    return !decorators.isEmpty();
  }

  /**
   * Options of {@link ClientTracing} on their own, for a client of the core itself; a client module's entry class
   * extends {@link ClientTracingBuilder} instead.
   */
  public static final class Builder<Q, R> extends ClientTracingBuilder<Builder<Q, R>, Q, R> {
    private Builder(TracerBinding binding, ClientAdapter<Q, R> adapter, String component) {
      super(binding, adapter, component);
    }

    @Override
    protected Builder<Q, R> self() {
      return this;
    }

    /** The immutable configuration. */
    public ClientTracing<Q, R> build() {
      return clientTracing();
    }
  }
}

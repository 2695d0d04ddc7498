package io.github.httptrace.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

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
  /** The defaults, recognized by identity so a request skips calling them. */
  private static final Function<Object, String> DEFAULT_NAME = request -> null;
  private static final Function<Object, String> DEFAULT_URL = request -> null;
  private static final Predicate<Object> TRACE_ALL = request -> true;

  final TracerBinding binding;
  final ClientAdapter<Q, R> adapter;
  private final Function<? super Q, String> operationName;
  private final Predicate<? super Q> spanFilter;
  private final List<ClientDecorator<? super Q, ? super R, Object>> decorators;
  private final Function<? super Q, String> urlTag;
  final String component;
  final boolean injectHeaders;
  final boolean lifecycleEvents;
  final boolean callSpan;
  final HeaderAllowList requestHeaders;
  final HeaderAllowList responseHeaders;
  final UrlSanitizer sanitizer;

  private ClientTracing(Builder<Q, R> builder) {
    this.binding = builder.binding;
    this.adapter = builder.adapter;
    this.operationName = builder.operationName;
    this.spanFilter = builder.spanFilter;
    this.decorators = List.copyOf(builder.decorators);
    this.urlTag = builder.urlTag;
    this.component = builder.component;
    this.injectHeaders = builder.injectHeaders;
    this.lifecycleEvents = builder.lifecycleEvents;
    this.callSpan = builder.callSpan;
    this.requestHeaders = HeaderAllowList.of(builder.requestHeaders);
    this.responseHeaders = HeaderAllowList.of(builder.responseHeaders);
    this.sanitizer = UrlSanitizer.withAdditional(builder.sensitiveQueryParameters);
  }

  /**
   * A builder with the contract's defaults: operation name {@code HTTP <METHOD>}, every request traced, no
   * decorators, the sanitized request URL as {@code http.url}, header injection and lifecycle events on, no call
   * span, no header recorded.
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
    try {
      return binding.isEnabled();
    } catch (Throwable t) {
      Safe.failed("binding.isEnabled", t);
      return false;
    }
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
    if (!isEnabled()) return ClientCall.untraced();
    // A failing span filter traces: losing a trace is worse than tracing one request too many.
    if (spanFilter != TRACE_ALL) {
      try {
        if (!spanFilter.test(request)) return ClientCall.untraced();
      } catch (Throwable t) {
        Safe.failed("spanFilter", t);
      }
    }
    Object parent = explicitParent != null ? explicitParent : currentParent();
    return new ClientCall<>(this, request, parent, MicrosClock.start());
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

  /** The user's name for the attempt's span, or null: the binding's default name then. */
  private String operationName(Q request) {
    if (operationName == DEFAULT_NAME) return null;
    try {
      return operationName.apply(request);
    } catch (Throwable t) {
      Safe.failed("operationName", t);
      return null;
    }
  }

  /** The facts of {@code request} for a span of {@code kind}; the call span keeps the binding's name. */
  RequestFacts facts(SpanKind kind, Q request) {
    String method;
    try {
      method = adapter.method(request);
    } catch (Throwable t) {
      Safe.failed("adapter.method", t);
      method = "";
    }
    String name = kind == SpanKind.CLIENT ? operationName(request) : null;
    String url = null;
    String host = null;
    int port = 0;
    try {
      url = url(request);
      host = adapter.host(request);
      port = adapter.port(request);
    } catch (Throwable t) {
      Safe.failed("adapter.url", t);
    }
    return RequestFacts.client(name, component, method, url, host, port);
  }

  String url(Q request) {
    String url = null;
    if (urlTag != DEFAULT_URL) {
      try {
        url = urlTag.apply(request);
      } catch (Throwable t) {
        Safe.failed("urlTag", t);
      }
    }
    return sanitizer.sanitize(url != null ? url : adapter.url(request));
  }

  /** Whether any decorator is registered: the per-request hooks skip building their calls when none is. */
  boolean hasDecorators() {
    return !decorators.isEmpty();
  }

  /** Calls {@code hook} on each decorator in turn; one that throws does not keep the next from running. */
  void notifyDecorators(String hook, Consumer<ClientDecorator<? super Q, ? super R, Object>> call) {
    for (ClientDecorator<? super Q, ? super R, Object> decorator : decorators) {
      Safe.run(hook, () -> call.accept(decorator));
    }
  }



  /**
   * Options of {@link ClientTracing}, in the words of the product contract. Client modules expose the same
   * names on their own builders and forward here.
   */
  public static final class Builder<Q, R> {
    private final TracerBinding binding;
    private final ClientAdapter<Q, R> adapter;
    private Function<? super Q, String> operationName = DEFAULT_NAME;
    private Predicate<? super Q> spanFilter = TRACE_ALL;
    private final List<ClientDecorator<? super Q, ? super R, Object>> decorators = new ArrayList<>();
    private Function<? super Q, String> urlTag = DEFAULT_URL;
    private String component;
    private boolean injectHeaders = true;
    private boolean lifecycleEvents = true;
    private boolean callSpan;
    private final List<String> requestHeaders = new ArrayList<>();
    private final List<String> responseHeaders = new ArrayList<>();
    private final List<String> sensitiveQueryParameters = new ArrayList<>();

    private Builder(TracerBinding binding, ClientAdapter<Q, R> adapter, String component) {
      this.binding = Objects.requireNonNull(binding, "binding");
      this.adapter = Objects.requireNonNull(adapter, "adapter");
      this.component = Objects.requireNonNull(component, "component");
    }

    /** Names each attempt's span; a null result or a throw falls back to {@code HTTP <METHOD>}. */
    public Builder<Q, R> operationName(Function<? super Q, String> operationName) {
      this.operationName = Objects.requireNonNull(operationName, "operationName");
      return this;
    }

    /** Decides per call, on its original request, whether it is traced; false skips the whole call. */
    public Builder<Q, R> spanFilter(Predicate<? super Q> spanFilter) {
      this.spanFilter = Objects.requireNonNull(spanFilter, "spanFilter");
      return this;
    }

    /**
     * Adds a decorator; decorators run in the order they were added. Its span type must be the binding's ({@link
     * TracerBinding.Span#unwrap()}): a decorator of another type fails on each call, which is logged and skipped.
     */
    @SuppressWarnings("unchecked")
    public Builder<Q, R> decorator(ClientDecorator<? super Q, ? super R, ?> decorator) {
      Objects.requireNonNull(decorator, "decorator");
      decorators.add((ClientDecorator<? super Q, ? super R, Object>) decorator);
      return this;
    }

    /** Computes {@code http.url} per attempt; the result is sanitized too. Null falls back to the request URL. */
    public Builder<Q, R> urlTag(Function<? super Q, String> urlTag) {
      this.urlTag = Objects.requireNonNull(urlTag, "urlTag");
      return this;
    }

    /** The {@code component} tag. */
    public Builder<Q, R> component(String component) {
      this.component = Objects.requireNonNull(component, "component");
      return this;
    }

    /** Whether each attempt's context is injected into its request headers (default true). */
    public Builder<Q, R> injectHeaders(boolean injectHeaders) {
      this.injectHeaders = injectHeaders;
      return this;
    }

    /** Whether lifecycle events (DNS, connect, TLS...) are logged on the attempt spans (default true). */
    public Builder<Q, R> lifecycleEvents(boolean lifecycleEvents) {
      this.lifecycleEvents = lifecycleEvents;
      return this;
    }

    /** Whether a span named {@code HTTP Client} groups the attempts of each call (default false). */
    public Builder<Q, R> callSpan(boolean callSpan) {
      this.callSpan = callSpan;
      return this;
    }

    /** Request headers whose values are recorded as {@code http.request.header.<name>}. */
    public Builder<Q, R> requestHeaders(Collection<String> names) {
      requestHeaders.addAll(names);
      return this;
    }

    /** Response headers whose values are recorded as {@code http.response.header.<name>}. */
    public Builder<Q, R> responseHeaders(Collection<String> names) {
      responseHeaders.addAll(names);
      return this;
    }

    /** Query parameters whose values are redacted, in addition to {@link UrlSanitizer#DEFAULT_SENSITIVE_PARAMETERS}. */
    public Builder<Q, R> sensitiveQueryParameters(Collection<String> names) {
      sensitiveQueryParameters.addAll(names);
      return this;
    }

    /** The immutable configuration. */
    public ClientTracing<Q, R> build() {
      return new ClientTracing<>(this);
    }
  }
}

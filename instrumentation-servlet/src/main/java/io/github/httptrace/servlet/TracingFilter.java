package io.github.httptrace.servlet;

import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.core.internal.BindingLocator;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.TracingOptions;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Tracer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A servlet filter that gives each HTTP request one server span, a child of the caller's span when the request
 * carries trace headers. The span is active while the application handles the request, so clients called from
 * it continue the trace, and it is finished exactly once: when the chain returns or throws, or, for an async
 * request, when the container completes it.
 *
 * <p>Register it async-supported, for all dispatcher types, ahead of the filters and servlets whose work it
 * should measure. Forward, include, error and async dispatches of a traced request create no second span.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>tracing</filter-name>
 *   <filter-class>io.github.httptrace.servlet.TracingFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param><param-name>skipPattern</param-name><param-value>/health</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>tracing</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher><dispatcher>INCLUDE</dispatcher>
 *   <dispatcher>ERROR</dispatcher><dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <p>or in code:
 *
 * <pre>{@code
 * FilterHolder holder = new FilterHolder(TracingFilter.newBuilder(tracer).operationNameFromMapping().build());
 * holder.setAsyncSupported(true);
 * context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
 * }</pre>
 *
 * <p>On another tracer API, pass its binding to the factories named {@code with}: {@code TracingFilter.with(binding)},
 * {@code TracingFilter.newBuilderWith(binding)}; they need no OpenTracing jar. The no-arg filter takes a binding from
 * the ServletContext attribute {@value #BINDING_ATTRIBUTE} first.
 *
 * <p>Nothing the tracer or a decorator throws reaches the application, and the filter never changes the
 * response. Instances are thread-safe.
 */
public final class TracingFilter implements Filter {
  /**
   * Request attribute holding the request's server span as its tracer's own object (an {@link io.opentracing.Span}
   * with OpenTracing), for code that runs where the span is not active (an async task, a listener): {@code
   * tracer.buildSpan("work").asChildOf(span)}.
   */
  public static final String SPAN_ATTRIBUTE = "io.github.httptrace.servlet.span";

  /** ServletContext attribute the no-arg filter takes an OpenTracing tracer from, before falling back to GlobalTracer. */
  public static final String TRACER_ATTRIBUTE = "io.opentracing.Tracer";

  /**
   * ServletContext attribute holding a {@link TracerBinding} for the no-arg filter, on any tracer API; when it is
   * set, {@value #TRACER_ATTRIBUTE} and GlobalTracer are not consulted.
   */
  public static final String BINDING_ATTRIBUTE = "io.github.httptrace.core.TracerBinding";

  /** Init-param: regex on the request path without the context path; matching requests are not traced. */
  public static final String PARAM_SKIP_PATTERN = "skipPattern";
  /** Init-param: {@code method} ({@code HTTP GET}, the default) or {@code mapping} ({@code GET /gettime}). */
  public static final String PARAM_OPERATION_NAME = "operationName";
  /** Init-param: the {@code component} tag; default {@code java-servlet}. */
  public static final String PARAM_COMPONENT = "component";
  /** Init-param: comma-separated request headers recorded as {@code http.request.header.<name>}. */
  public static final String PARAM_REQUEST_HEADERS = "requestHeaders";
  /** Init-param: comma-separated response headers recorded as {@code http.response.header.<name>}. */
  public static final String PARAM_RESPONSE_HEADERS = "responseHeaders";
  /** Init-param: comma-separated query parameters redacted in {@code http.url}, beyond the defaults. */
  public static final String PARAM_SENSITIVE_QUERY_PARAMETERS = "sensitiveQueryParameters";
  /**
   * Init-param: which binding artifact the no-arg filter uses when several are on the class path ({@code
   * opentracing}, {@code opentelemetry}, {@code brave}). Without it, the one whose tracer the application made
   * available (a ServletContext attribute or a registered global instance) is used.
   */
  public static final String PARAM_TRACER = "tracer";
  /** Init-param: {@code false} ignores incoming trace headers (an edge that must not trust callers). */
  public static final String PARAM_EXTRACT_PARENT = "extractParent";

  private final boolean configuredInCode;
  private volatile ServletTracing tracing;

  /**
   * The filter for {@code web.xml}: at {@link #init} it takes its binding from the ServletContext attribute {@value
   * #BINDING_ATTRIBUTE}; else from a binding artifact on the class path: the one the init-param {@value #PARAM_TRACER}
   * names, else the one whose tracer the application made available (with OpenTracing, the attribute {@value
   * #TRACER_ATTRIBUTE} or a registered {@code GlobalTracer}), else OpenTracing's {@code GlobalTracer}, asked per
   * request. Its options come from init-params.
   */
  public TracingFilter() {
    this.configuredInCode = false;
  }

  private TracingFilter(ServletTracing tracing) {
    this.configuredInCode = true;
    this.tracing = tracing;
  }

  /** A filter with the default options, tracing with the OpenTracing {@code tracer}. */
  public static TracingFilter create(Tracer tracer) {
    return newBuilder(tracer).build();
  }

  /** A builder of a filter tracing with the OpenTracing {@code tracer}. */
  public static Builder newBuilder(Tracer tracer) {
    return new Builder(OpenTracingBinding.of(tracer));
  }

  /**
   * A filter with the default options, tracing with {@code binding}'s tracer API.
   *
   * <pre>{@code
   * context.addFilter(new FilterHolder(TracingFilter.with(binding)), "/*", EnumSet.allOf(DispatcherType.class));
   * }</pre>
   */
  public static TracingFilter with(TracerBinding binding) {
    return newBuilderWith(binding).build();
  }

  /** A builder of a filter tracing with {@code binding}'s tracer API. */
  public static Builder newBuilderWith(TracerBinding binding) {
    return new Builder(binding);
  }

  /** For the no-arg filter, resolves the binding and reads init-params; a filter built in code ignores both. */
  @Override
  public void init(FilterConfig config) {
    if (configuredInCode) return;
    ServletContext context = config.getServletContext();
    Object attribute = context.getAttribute(BINDING_ATTRIBUTE);
    TracerBinding binding = attribute instanceof TracerBinding
        ? (TracerBinding) attribute
        : BindingLocator.locate(
            config.getInitParameter(PARAM_TRACER), context::getAttribute, TracingFilter.class.getClassLoader());
    if (binding == null) {
      // No binding given and none on the class path: the filter passes requests through untraced.
      Safe.failed("filter.init", new IllegalStateException("no " + BINDING_ATTRIBUTE
          + " attribute and no tracer binding artifact (httptrace-opentracing, -opentelemetry, -brave) found"));
      return;
    }
    Builder builder = newBuilderWith(binding);
    InitParams.apply(config, builder);
    tracing = builder.tracing();
  }

  /** Traces the request, then passes it on unchanged. */
  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    ServletTracing tracing = this.tracing;
    if (tracing == null || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      redispatch(request, response, chain);
      return;
    }
    if (request.getAttribute(ServerSpan.class.getName()) != null) {
      // A second TracingFilter on the same request (registered twice, in web.xml and in code): one span is enough.
      chain.doFilter(request, response);
      return;
    }

    ServerSpan span;
    try {
      span = tracing.start(request, response);
    } catch (Throwable t) {
      Safe.failed("filter.start", t);
      span = null;
    }
    if (span == null) {
      chain.doFilter(request, response);
      return;
    }
    TracerBinding.Scope scope = span.activate();
    Throwable escaped = null;
    try {
      chain.doFilter(request, response);
    } catch (Throwable t) {
      escaped = t;
      span.recordError(t);
      throw t;
    } finally {
      ServerSpan.deactivate(scope);
      span.dispatchReturned(escaped);
    }
  }

  /**
   * A later dispatch of a request whose span already exists: no new span. An async dispatch runs on another
   * thread, so the span is made active there too; forward and include run inside the original dispatch, where
   * it already is.
   */
  private static void redispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Object state = request.getDispatcherType() == DispatcherType.ASYNC
        ? request.getAttribute(ServerSpan.class.getName())
        : null;
    if (!(state instanceof ServerSpan)) {
      chain.doFilter(request, response);
      return;
    }
    ServerSpan span = (ServerSpan) state;
    TracerBinding.Scope scope = span.activate();
    try {
      chain.doFilter(request, response);
    } catch (Throwable t) {
      span.recordError(t);
      throw t;
    } finally {
      ServerSpan.deactivate(scope);
    }
  }

  /** Nothing to release. */
  @Override
  public void destroy() {}

  /**
   * Options of a {@link TracingFilter}. Every function and decorator given here is called under the filter's
   * safety net: what it throws is logged and the request proceeds with the default.
   *
   * <pre>{@code
   * TracingFilter filter = TracingFilter.newBuilder(tracer)
   *     .operationNameFromMapping()
   *     .skipPattern(Pattern.compile("/health|/metrics"))
   *     .requestHeaders(List.of("User-Agent"))
   *     .build();
   * }</pre>
   */
  public static final class Builder extends TracingOptions<Builder, HttpServletRequest> {
    final TracerBinding binding;
    Pattern skipPattern;
    final List<ServerDecorator<HttpServletRequest, HttpServletResponse, Object>> decorators = new ArrayList<>();
    boolean extractParent = true;

    private Builder(TracerBinding binding) {
      super(HttpTags.COMPONENT_SERVLET);
      this.binding = Objects.requireNonNull(binding, "binding");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Names spans from the method and the servlet mapping that serves the request, e.g. {@code GET /gettime} or
     * {@code POST /api/*}: low-cardinality, yet one name per endpoint.
     */
    public Builder operationNameFromMapping() {
      return operationName(OperationNames.MAPPING);
    }

    /**
     * Does not trace requests whose path, without context path and query string, matches {@code pattern} in
     * whole ({@link java.util.regex.Matcher#matches()}); null traces all.
     */
    public Builder skipPattern(Pattern pattern) {
      this.skipPattern = pattern;
      return this;
    }

    /**
     * Adds a decorator; decorators run in the order added. Its span type {@code S} is the binding's own span ({@code
     * io.opentracing.Span} for OpenTracing, where {@link ServletSpanDecorator} fixes it); a decorator of another span
     * type is skipped, and logged.
     */
    @SuppressWarnings("unchecked") // S is checked where the span is passed: a mismatch fails inside the guard
    public Builder decorator(ServerDecorator<? super HttpServletRequest, ? super HttpServletResponse, ?> decorator) {
      this.decorators.add((ServerDecorator<HttpServletRequest, HttpServletResponse, Object>)
          (ServerDecorator<?, ?, ?>) Objects.requireNonNull(decorator, "decorator"));
      return this;
    }

    /**
     * Whether to continue the trace of incoming trace headers (default true). Turn it off on an edge that
     * faces untrusted clients: every request then starts a new trace.
     */
    public Builder extractParent(boolean extract) {
      this.extractParent = extract;
      return this;
    }

    /** The filter; the builder may be reused. */
    public TracingFilter build() {
      return new TracingFilter(tracing());
    }

    ServletTracing tracing() {
      return new ServletTracing(this, rules());
    }
  }
}

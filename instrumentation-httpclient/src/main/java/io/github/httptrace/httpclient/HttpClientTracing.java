package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.ClientTracingBuilder;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Traces the calls of Apache HttpClient 5 clients, classic and async: a client span per attempt (each redirect hop, retry
 * and authentication round is its own), the attempt's context injected into its own request, and the request's
 * lifecycle, from the wait for a connection through DNS, connect and TLS to the entity's end, as span logs.
 *
 * <pre>{@code
 * CloseableHttpClient client = HttpClientTracing.create(tracer).decorate(HttpClients.custom()).build();
 * }</pre>
 *
 * <p>On another tracer API, pass its binding to the factories named {@code with}: {@code
 * HttpClientTracing.with(binding)}, {@code HttpClientTracing.newBuilderWith(binding)}. They need no OpenTracing jar.
 *
 * <p>A call's parent is, in this order: a parent of the binding's parent type (for OpenTracing a {@link
 * SpanContext}) in the call's context under {@link #PARENT_CONTEXT}; the span current on the thread that calls
 * {@code execute}; none, for a new trace.
 *
 * <p>Immutable and thread-safe: one instance decorates any number of builders.
 */
public final class HttpClientTracing {
  /**
   * The {@code HttpContext} attribute under which a call's explicit parent is passed: for OpenTracing a {@link
   * SpanContext}.
   */
  public static final String PARENT_CONTEXT = "io.github.httptrace.parent";

  static final String CALL_HANDLER = "httptrace-call";
  static final String ATTEMPT_HANDLER = "httptrace-attempt";

  private final ClientTracing<HttpRequest, HttpResponse> tracing;
  private final ClassicCallHandler callHandler = new ClassicCallHandler(this);
  private final ClassicAttemptHandler attemptHandler = new ClassicAttemptHandler();
  private final AsyncCallHandler asyncCallHandler = new AsyncCallHandler(this);
  private final AsyncAttemptHandler asyncAttemptHandler = new AsyncAttemptHandler();
  private final Map<Object, Boolean> decorated = Collections.synchronizedMap(new WeakHashMap<>());

  private HttpClientTracing(ClientTracing<HttpRequest, HttpResponse> tracing) {
    this.tracing = tracing;
  }

  /** Tracing with the default options, spans going to the OpenTracing {@code tracer}. */
  public static HttpClientTracing create(Tracer tracer) {
    return newBuilder(tracer).build();
  }

  /** A builder for tracing with options, spans going to the OpenTracing {@code tracer}. */
  public static Builder newBuilder(Tracer tracer) {
    return new Builder(OpenTracingBinding.of(tracer));
  }

  /**
   * Tracing with the default options, spans going to {@code binding}'s tracer API.
   *
   * <pre>{@code
   * CloseableHttpClient client = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build();
   * }</pre>
   */
  public static HttpClientTracing with(TracerBinding binding) {
    return newBuilderWith(binding).build();
  }

  /** A builder for tracing with options, spans going to {@code binding}'s tracer API. */
  public static Builder newBuilderWith(TracerBinding binding) {
    return new Builder(binding);
  }

  /**
   * Installs tracing in {@code builder} and returns it: an exec interceptor first in the chain (the call) and one
   * just above CONNECT (each attempt), which leave the interceptors, retry and redirect strategies and settings
   * already there working as before. When no connection manager is set, it also sets a pooling one whose DNS
   * resolver and TLS strategy report to tracing (the defaults: the system resolver and default TLS); with your own
   * connection manager, wrap its resolver and TLS strategy with {@link #dnsResolver} and {@link
   * #tlsSocketStrategy} to see those phases. Call it after setting the connection manager. Decorating the same
   * builder twice changes nothing.
   */
  public HttpClientBuilder decorate(HttpClientBuilder builder) {
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    builder.addExecInterceptorFirst(CALL_HANDLER, callHandler);
    builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), ATTEMPT_HANDLER, attemptHandler);
    if (builder.getConnManager() == null) {
      builder.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
          .setDnsResolver(dnsResolver(SystemDefaultDnsResolver.INSTANCE))
          .setTlsSocketStrategy(tlsSocketStrategy(DefaultClientTlsStrategy.createDefault()))
          .build());
    }
    return builder;
  }

  /**
   * Installs tracing in the async client {@code builder} and returns it, as {@link #decorate(HttpClientBuilder)}
   * does for the classic one. When no connection manager is set, it sets a pooling one whose DNS resolver reports
   * to tracing; with your own, wrap its resolver with {@link #dnsResolver}. The async client's TLS strategy is
   * given no context, so its handshake is not logged apart: ConnectDone comes when TCP and TLS are both done.
   */
  public HttpAsyncClientBuilder decorate(HttpAsyncClientBuilder builder) {
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    builder.addExecInterceptorFirst(CALL_HANDLER, asyncCallHandler);
    builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), ATTEMPT_HANDLER, asyncAttemptHandler);
    if (builder.getConnManager() == null) {
      builder.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
          .setDnsResolver(dnsResolver(SystemDefaultDnsResolver.INSTANCE))
          .build());
    }
    return builder;
  }

  /**
   * {@code delegate}, reporting DNSStart and DNSDone to the attempt it resolves for; give it to the connection
   * manager you build ({@code PoolingHttpClientConnectionManagerBuilder.setDnsResolver}).
   */
  public DnsResolver dnsResolver(DnsResolver delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof TracingDnsResolver ? delegate : new TracingDnsResolver(delegate);
  }

  /**
   * {@code delegate}, reporting the TLS handshake (and the end of the TCP connect before it) to the attempt it
   * upgrades for; give it to the connection manager you build ({@code setTlsSocketStrategy}).
   */
  public TlsSocketStrategy tlsSocketStrategy(TlsSocketStrategy delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof TracingTlsSocketStrategy ? delegate : new TracingTlsSocketStrategy(delegate);
  }

  boolean isNoop() {
    return !tracing.isEnabled();
  }

  /** The call's lifecycle; its explicit parent is the context attribute, if of the binding's parent type. */
  ClientCall<HttpRequest, HttpResponse> newClientCall(HttpRequest request, HttpContext context) {
    return tracing.newCall(request, tracing.explicitParent(context.getAttribute(PARENT_CONTEXT)));
  }

  /** Options of {@link HttpClientTracing}; the names are those of every HTTP Trace instrumentation. */
  public static final class Builder extends ClientTracingBuilder<Builder, HttpRequest, HttpResponse> {
    private Builder(TracerBinding binding) {
      super(binding, HttpClientAdapter.INSTANCE, HttpTags.COMPONENT_HTTPCLIENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The immutable tracing. */
    public HttpClientTracing build() {
      return new HttpClientTracing(clientTracing());
    }
  }
}

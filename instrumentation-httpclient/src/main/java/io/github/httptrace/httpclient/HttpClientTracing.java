package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.CallerContext;
import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.ClientTracingBuilder;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
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
  /** {@link #managerHidesPhases} as the attempts' listener, made once: a method reference per call costs its bytes. */
  private final Runnable phasesHidden = this::managerHidesPhases;
  private final ClassicCallHandler callHandler = new ClassicCallHandler(this);
  private final ClassicAttemptHandler attemptHandler = new ClassicAttemptHandler(phasesHidden);
  private final AsyncCallHandler asyncCallHandler = new AsyncCallHandler(this);
  private final AsyncAttemptHandler asyncAttemptHandler = new AsyncAttemptHandler(phasesHidden);
  private final Map<Object, Boolean> decorated = Collections.synchronizedMap(new WeakHashMap<>());
  private final AtomicBoolean hintLogged = new AtomicBoolean();
  private static final System.Logger LOG = System.getLogger("io.github.httptrace");

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
   * already there working as before. When no connection manager is set, it also sets a pooling one that reports
   * every phase (the system resolver and default TLS). With a connection manager of your own, set before or after
   * this call, the attempt still logs what the connection tells: the connect around the manager's, the peer, and the
   * TLS version, cipher suite and peer of an established session; to see its DNS and TLS phases too, build it from a
   * builder given to {@link #decorate(PoolingHttpClientConnectionManagerBuilder)}. Decorating the same builder
   * twice changes nothing.
   *
   * @throws IllegalStateException if the HttpClient on the class path is older than 5.4
   */
  public HttpClientBuilder decorate(HttpClientBuilder builder) {
    HttpClientVersion.check();
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    builder.addExecInterceptorFirst(CALL_HANDLER, callHandler);
    builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), ATTEMPT_HANDLER, attemptHandler);
    if (!ManagerBuilders.hasConnectionManager(builder)) {
      builder.setConnectionManager(ManagerBuilders.classicManager(this));
    }
    return builder;
  }

  /**
   * Installs tracing in the async client {@code builder} and returns it, as {@link #decorate(HttpClientBuilder)}
   * does for the classic one: with no connection manager set it sets a pooling one that reports every phase, TLS
   * included; for your own, see {@link #decorate(PoolingAsyncClientConnectionManagerBuilder)}.
   *
   * @throws IllegalStateException if the HttpClient on the class path is older than 5.4
   */
  public HttpAsyncClientBuilder decorate(HttpAsyncClientBuilder builder) {
    HttpClientVersion.check();
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    builder.addExecInterceptorFirst(CALL_HANDLER, asyncCallHandler);
    builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), ATTEMPT_HANDLER, asyncAttemptHandler);
    if (!ManagerBuilders.hasConnectionManager(builder)) {
      builder.setConnectionManager(ManagerBuilders.asyncManager(this));
    }
    return builder;
  }

  /**
   * Installs tracing in the HTTP/2-only async client {@code builder} ({@code HttpAsyncClients.customHttp2()}, which
   * sends concurrent calls to one host as streams of one connection) and returns it: the same two exec interceptors
   * as {@link #decorate(HttpAsyncClientBuilder)}, each call's attempts their own spans, each stream with its own
   * context. This builder has no connection manager, so its own DNS resolver and TLS strategy ({@code
   * setDnsResolver}, {@code setTlsStrategy}, or the defaults its {@code build()} would pick) are wrapped here: call
   * it last on the builder. A new connection's phases go on the attempt that opened it; the calls that waited for that
   * connection, or found it open, log it as reused. Decorating the same builder twice changes nothing.
   *
   * @throws IllegalStateException if the HttpClient on the class path is older than 5.4
   */
  public H2AsyncClientBuilder decorate(H2AsyncClientBuilder builder) {
    HttpClientVersion.check();
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    builder.addExecInterceptorFirst(CALL_HANDLER, asyncCallHandler);
    builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), ATTEMPT_HANDLER, asyncAttemptHandler);
    if (!ManagerBuilders.instrument(this, builder)) managerBuilderUnreadable();
    return builder;
  }

  /**
   * Makes the connection manager {@code builder} will build report every phase of the connections it opens for a
   * decorated client, and returns it: its own DNS resolver and TLS strategy (or the defaults it would use) are
   * wrapped, so DNSStart/DNSDone, ConnectStart/ConnectDone and TLSHandshakeStart/TLSHandshakeDone are logged at the
   * times they happen. Call it last on the builder, after {@code setDnsResolver} and {@code setTlsSocketStrategy};
   * the client builder is decorated as usual.
   *
   * <pre>{@code
   * HttpClientConnectionManager manager = tracing.decorate(PoolingHttpClientConnectionManagerBuilder.create()
   *     .setDnsResolver(myResolver)
   *     .setTlsSocketStrategy(myTls)).build();
   * CloseableHttpClient client = tracing.decorate(HttpClients.custom().setConnectionManager(manager)).build();
   * }</pre>
   *
   * <p>If the builder's configuration cannot be read (a later HttpClient that renamed it, or a module that does not
   * open it), the builder is left as it is and an INFO line says how to wrap the resolver and TLS strategy by hand
   * ({@link #dnsResolver}, {@link #tlsSocketStrategy}).
   *
   * @throws IllegalStateException if the HttpClient on the class path is older than 5.4
   */
  public PoolingHttpClientConnectionManagerBuilder decorate(PoolingHttpClientConnectionManagerBuilder builder) {
    HttpClientVersion.check();
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    if (!ManagerBuilders.instrument(this, builder)) managerBuilderUnreadable();
    return builder;
  }

  /**
   * The async twin of {@link #decorate(PoolingHttpClientConnectionManagerBuilder)}: wraps the builder's own DNS
   * resolver and TLS strategy ({@code setDnsResolver}, {@code setTlsStrategy}), so the async client's phases, its
   * TLS handshake included, are logged at their times. Call it last on the builder.
   *
   * @throws IllegalStateException if the HttpClient on the class path is older than 5.4
   */
  public PoolingAsyncClientConnectionManagerBuilder decorate(PoolingAsyncClientConnectionManagerBuilder builder) {
    HttpClientVersion.check();
    if (decorated.putIfAbsent(builder, Boolean.TRUE) != null) return builder;
    if (!ManagerBuilders.instrument(this, builder)) managerBuilderUnreadable();
    return builder;
  }

  /**
   * {@code delegate}, reporting DNSStart and DNSDone to the attempt it resolves for; give it to the connection
   * manager you build ({@code setDnsResolver}), or let {@link #decorate(PoolingHttpClientConnectionManagerBuilder)}
   * do it.
   */
  public DnsResolver dnsResolver(DnsResolver delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof TracingDnsResolver ? delegate : new TracingDnsResolver(delegate);
  }

  /**
   * {@code delegate}, reporting the TLS handshake (and the end of the TCP connect before it) to the attempt it
   * upgrades for; give it to the classic connection manager you build ({@code setTlsSocketStrategy}), or let {@link
   * #decorate(PoolingHttpClientConnectionManagerBuilder)} do it.
   */
  public TlsSocketStrategy tlsSocketStrategy(TlsSocketStrategy delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return TracingTlsSocketStrategy.wrap(delegate);
  }

  /**
   * {@code delegate}, timing the TLS handshakes of the async client's connections, each logged on the attempt whose
   * connection it established; give it to the async connection manager you build ({@code setTlsStrategy}), or let
   * {@link #decorate(PoolingAsyncClientConnectionManagerBuilder)} do it.
   */
  public TlsStrategy tlsStrategy(TlsStrategy delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return TracingAsyncTlsStrategy.wrap(delegate);
  }

  /**
   * A decorated client connected through a connection manager that hid some of the connection's phases: says once
   * per tracing, at INFO, how to see them.
   */
  void managerHidesPhases() {
    if (!hintLogged.compareAndSet(false, true)) return;
    Safe.run("httpclient.hint", () -> LOG.log(System.Logger.Level.INFO, "HTTP Trace: a traced Apache HttpClient"
        + " connects through a connection manager whose DNS resolver or TLS strategy it cannot see, so its spans lack"
        + " DNSStart/DNSDone and TLSHandshakeStart and log the connect and TLS details only when the connect returns."
        + " To log every phase, call HttpClientTracing.decorate(...) last on that manager's builder"
        + " (PoolingHttpClientConnectionManagerBuilder or PoolingAsyncClientConnectionManagerBuilder), or wrap its"
        + " resolver and TLS strategy with dnsResolver(...), tlsSocketStrategy(...) or tlsStrategy(...)."));
  }

  private void managerBuilderUnreadable() {
    Safe.run("httpclient.hint", () -> LOG.log(System.Logger.Level.INFO, "HTTP Trace: cannot read the DNS resolver"
        + " and TLS strategy of a connection manager builder with this HttpClient (" + HttpClientVersion.found()
        + "); the builder is left as it is. To log DNS and TLS phases, set its resolver and TLS strategy wrapped by"
        + " HttpClientTracing.dnsResolver(...) and tlsSocketStrategy(...) (async: tlsStrategy(...))."));
  }

  boolean isNoop() {
    return !tracing.isEnabled();
  }

  /** What is current on this thread, for the callback of an async call made now. */
  CallerContext callerContext() {
    return tracing.callerContext();
  }

  /**
   * The exchange of a call for {@code request}, in {@code context}, made by {@code factory} ({@code
   * ClassicExchange::new} for a classic call, {@code AsyncExchange::new} for an async one), whose explicit parent is
   * the context attribute if it is of the binding's parent type; null when the call is not traced.
   */
  <E extends TracedExchange> E newExchange(HttpRequest request, HttpContext context,
      ClientTracing.CallFactory<HttpRequest, HttpResponse, E> factory) {
    return tracing.newCall(request, tracing.explicitParent(context.getAttribute(PARENT_CONTEXT)), factory);
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

    /**
     * The immutable tracing.
     *
     * @throws IllegalStateException if the HttpClient on the class path is older than 5.4 (the message names the
     *     version found and the versions supported)
     */
    public HttpClientTracing build() {
      HttpClientVersion.check();
      return new HttpClientTracing(clientTracing());
    }
  }
}

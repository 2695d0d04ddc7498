package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.ClientTracingBuilder;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import java.util.List;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Traces the calls of OkHttp clients (OkHttp 4.12.x, and 5.3 or newer): a client span per attempt (each redirect
 * hop and retry is its own), the attempt's context injected into its own request, and the request's lifecycle,
 * from the wait for a connection through DNS, connect and TLS to the body's end, as span logs.
 *
 * <pre>{@code
 * OkHttpClient client = OkHttpTracing.create(tracer)
 *     .decorate(new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)))
 *     .build();
 * }</pre>
 *
 * <p>On another tracer API, pass its binding to the factories named {@code with}: {@code
 * OkHttpTracing.with(binding)}, {@code OkHttpTracing.newBuilderWith(binding)}. They need no OpenTracing jar.
 *
 * <p>A call's parent is, in this order: a parent passed as the request's tag, of the binding's parent type (for
 * OpenTracing a {@link SpanContext}: {@code new Request.Builder().tag(SpanContext.class, parent)}); the span
 * current on the thread that calls {@code newCall} (so {@code enqueue} keeps it); none, for a new trace.
 *
 * <p>The callback of an {@code enqueue}d call runs with the context current where the call was made only for calls
 * made through {@link #callFactory}; with {@link #decorate} alone it runs with nothing current.
 *
 * <p>The OkHttp on the class path is checked when tracing is installed ({@link #decorate} and the parts for wiring
 * by hand): any other version fails there with an {@link IllegalStateException} naming the version found and the
 * range supported.
 *
 * <p>Immutable and thread-safe: one instance decorates any number of builders.
 */
public final class OkHttpTracing {
  private final ClientTracing<Request, Response> tracing;
  private final TracingInterceptor applicationInterceptor = new TracingInterceptor(this);
  private final TracingNetworkInterceptor networkInterceptor = new TracingNetworkInterceptor(this);
  private final OkHttpVersion version = OkHttpVersion.current();
  private final CallStates callStates = CallStates.forCurrentOkHttp();
  private final ParentTags parentTags = new ParentTags(version.hasDecisionHooks());

  private OkHttpTracing(ClientTracing<Request, Response> tracing) {
    this.tracing = tracing;
  }

  /** Tracing with the default options, spans going to the OpenTracing {@code tracer}. */
  public static OkHttpTracing create(Tracer tracer) {
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
   * OkHttpClient client = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build();
   * }</pre>
   */
  public static OkHttpTracing with(TracerBinding binding) {
    return newBuilderWith(binding).build();
  }

  /** A builder for tracing with options, spans going to {@code binding}'s tracer API. */
  public static Builder newBuilderWith(TracerBinding binding) {
    return new Builder(binding);
  }

  /**
   * Installs tracing in {@code builder} and returns it: the {@linkplain #applicationInterceptor() application
   * interceptor} and the {@linkplain #networkInterceptor() network interceptor}, each added after those already
   * there, and an event listener factory placed in front of the one configured, which keeps receiving every
   * event. Call it last, after anything that sets the event listener: a later {@code eventListener(...)} or
   * {@code eventListenerFactory(...)} on the builder replaces tracing's listener, leaving only the interceptors.
   *
   * <p>Decorating a builder that is already decorated (such as {@code tracedClient.newBuilder()}) changes nothing.
   * The dispatcher, executor and request tags are left alone.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not 4.12.x or 5.3 or newer; the message
   *     names the version found and the range supported
   */
  public OkHttpClient.Builder decorate(OkHttpClient.Builder builder) {
    version.check();
    if (isDecorated(builder.interceptors())) return builder;
    // The builder has no getter for the factory; a client built from it has.
    EventListener.Factory configured =
        Safe.get("okhttp.eventListenerFactory", () -> builder.build().eventListenerFactory(), null);
    builder.addInterceptor(applicationInterceptor);
    builder.addNetworkInterceptor(networkInterceptor);
    if (configured != null) builder.eventListenerFactory(eventListenerFactory(configured));
    return builder;
  }

  /**
   * The calls of {@code client}, traced, each {@code enqueue}d call's {@link okhttp3.Callback} running with the
   * context that was current where the call was made ({@code newCall} on the factory, or {@code clone}): the span
   * the application had current there (the attempts' parent too, unless the request names one), never an attempt's.
   * {@link #decorate} alone cannot reach the callback, which OkHttp calls on its dispatcher thread with nothing
   * current; make calls through this factory to have it.
   *
   * <pre>{@code
   * Call.Factory calls = tracing.callFactory(client);
   * calls.newCall(request).enqueue(callback); // callback sees the span current here
   * }</pre>
   *
   * <p>A {@code client} not yet decorated is used as {@code decorate(client.newBuilder()).build()} would make it,
   * sharing its connection pool and dispatcher; a decorated one is used as it is. {@code execute()} and everything
   * but {@code enqueue} are the client's own calls.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not supported, as {@link #decorate}
   */
  public Call.Factory callFactory(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    version.check();
    OkHttpClient traced = isDecorated(client.interceptors()) ? client : decorate(client.newBuilder()).build();
    return new CallerContextCallFactory(traced, this);
  }

  /** {@code call}, its callback to run in what is current now; as it is when tracing is off. */
  Call withCallerContext(Call call) {
    if (isNoop()) return call;
    return new CallerContextCall(call, this, tracing.callerContext());
  }

  private static boolean isDecorated(List<Interceptor> interceptors) {
    for (Interceptor interceptor : interceptors) {
      if (interceptor instanceof TracingInterceptor) return true;
    }
    return false;
  }

  /**
   * The application interceptor; see {@link TracingInterceptor} for what it sees on its own.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not supported, as {@link #decorate}
   */
  public Interceptor applicationInterceptor() {
    version.check();
    return applicationInterceptor;
  }

  /**
   * The network interceptor; see {@link TracingNetworkInterceptor} for what it sees on its own.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not supported, as {@link #decorate}
   */
  public Interceptor networkInterceptor() {
    version.check();
    return networkInterceptor;
  }

  /**
   * An event listener factory that gives each call tracing's listener followed by the one {@code delegate}
   * creates. Use it with both interceptors when wiring by hand; without the interceptors there is no header
   * injection.
   *
   * @throws IllegalStateException when the OkHttp on the class path is not supported, as {@link #decorate}
   */
  public EventListener.Factory eventListenerFactory(EventListener.Factory delegate) {
    Objects.requireNonNull(delegate, "delegate");
    version.check();
    if (delegate instanceof TracingEventListenerFactory) return delegate;
    return new TracingEventListenerFactory(this, delegate);
  }

  boolean isNoop() {
    return !tracing.isEnabled();
  }

  TracedCall newTracedCall(Request request) {
    return new TracedCall(newClientCall(request), request, !version.hasDecisionHooks());
  }

  /** True on OkHttp 5.3 and newer, whose listener reports follow-up and retry decisions. */
  boolean hasDecisionHooks() {
    return version.hasDecisionHooks();
  }

  CallStates callStates() {
    return callStates;
  }

  /** The state the call's tracing listener published, or null when no listener of ours is installed. */
  TracedCall tracedCall(Interceptor.Chain chain) {
    // Twice per call (both interceptors): try/catch with Safe.failed, Safe's own rule, rather than a lambda.
    try {
      return callStates.find(chain.call());
    } catch (Throwable t) {
      Safe.failed("okhttp.call.find", t);
      return null;
    }
  }

  ClientCall<Request, Response> newClientCall(Request request) {
    return tracing.newCall(request, parentTags.parentOf(request, tracing.parentType()));
  }

  /** Options of {@link OkHttpTracing}; the names are those of every HTTP Trace instrumentation. */
  public static final class Builder extends ClientTracingBuilder<Builder, Request, Response> {
    private Builder(TracerBinding binding) {
      super(binding, OkHttpAdapter.INSTANCE, HttpTags.COMPONENT_OKHTTP);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The immutable tracing. */
    public OkHttpTracing build() {
      return new OkHttpTracing(clientTracing());
    }
  }
}

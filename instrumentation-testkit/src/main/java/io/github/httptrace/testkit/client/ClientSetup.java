package io.github.httptrace.testkit.client;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.TestTracer;
import io.opentracing.Tracer;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * How the suite wants one traced client built. Immutable; change one setting with a {@code with} method.
 *
 * @param binding where spans go: adapters build the instrumentation with it through its neutral entry point ({@code
 *     OkHttpTracing.newBuilderWith(binding)} and the like), so any binding runs the suite
 * @param resolver the client's name resolution (adapters wrap it in their client's DNS type)
 * @param sslContext the client's TLS context, with {@code trustManager}; null for the platform default
 * @param trustManager the trust manager of {@code sslContext}; null with it
 * @param readTimeout the client's read (socket) timeout
 * @param connectTimeout the client's TCP connect timeout
 * @param lifecycleEvents the instrumentation's lifecycle events option
 * @param callSpan the instrumentation's call span option
 * @param failingHook a decorator hook that throws {@link DecoratorHook#failure()} on every call, or null for none
 * @param probe if not null: an outermost interceptor of the client records {@link #PROBE_INTERCEPTOR} before and
 *     after the call proceeds, and asynchronous callbacks record {@link #PROBE_CALLBACK}
 */
public record ClientSetup(TracerBinding binding, LoopbackResolver resolver, SSLContext sslContext,
    X509TrustManager trustManager, Duration readTimeout, Duration connectTimeout, boolean lifecycleEvents,
    boolean callSpan, DecoratorHook failingHook, ActiveSpanProbe probe) {
  /** Where the probe records in the client's outermost interceptor: before and after the call proceeds. */
  public static final String PROBE_INTERCEPTOR = "interceptor";
  /** Where the probe records in an asynchronous call's callback, success or failure. */
  public static final String PROBE_CALLBACK = "callback";

  /** Validates. */
  public ClientSetup {
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /**
   * The defaults: instant loopback resolution, the test certificate trusted, 5 s read and connect timeouts, events
   * on.
   */
  public static ClientSetup of(TracerBinding binding) {
    return new ClientSetup(binding, LoopbackResolver.immediate(), TestCertificates.clientContext(),
        TestCertificates.clientTrustManager(), Duration.ofSeconds(5), Duration.ofSeconds(5), true, false, null,
        null);
  }

  /** {@link #of(TracerBinding)} with {@code tracer}'s binding. */
  public static ClientSetup of(TestTracer tracer) {
    return of(tracer.binding());
  }

  /** {@link #of(TracerBinding)} with the OpenTracing binding of {@code tracer}, e.g. a MockTracer. */
  public static ClientSetup of(Tracer tracer) {
    return of(OpenTracingBinding.of(tracer));
  }

  /** This setup with spans going to the OpenTracing {@code value}, e.g. a {@code FaultyTracer}. */
  public ClientSetup withTracer(Tracer value) {
    return withBinding(OpenTracingBinding.of(value));
  }

  /** This setup with spans going to {@code value}, e.g. a {@code FaultyBinding}. */
  public ClientSetup withBinding(TracerBinding value) {
    return new ClientSetup(value, resolver, sslContext, trustManager, readTimeout, connectTimeout,
        lifecycleEvents, callSpan, failingHook, probe);
  }

  /** This setup with name resolution by {@code value}: slow or failing, to inject into the DNS phase. */
  public ClientSetup withResolver(LoopbackResolver value) {
    return new ClientSetup(binding, value, sslContext, trustManager, readTimeout, connectTimeout,
        lifecycleEvents, callSpan, failingHook, probe);
  }

  /** The platform's default trust, which rejects the suite's self-signed peer. */
  public ClientSetup withDefaultTrust() {
    return new ClientSetup(binding, resolver, null, null, readTimeout, connectTimeout, lifecycleEvents,
        callSpan, failingHook, probe);
  }

  /** This setup with the client's read (socket) timeout set to {@code value}. */
  public ClientSetup withReadTimeout(Duration value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, value, connectTimeout, lifecycleEvents,
        callSpan, failingHook, probe);
  }

  /** This setup with the client's TCP connect timeout set to {@code value}. */
  public ClientSetup withConnectTimeout(Duration value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, readTimeout, value, lifecycleEvents,
        callSpan, failingHook, probe);
  }

  /** This setup with the instrumentation's lifecycle events option set to {@code value}. */
  public ClientSetup withLifecycleEvents(boolean value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, readTimeout, connectTimeout, value,
        callSpan, failingHook, probe);
  }

  /** This setup with the instrumentation's call span option set to {@code value}. */
  public ClientSetup withCallSpan(boolean value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, readTimeout, connectTimeout,
        lifecycleEvents, value, failingHook, probe);
  }

  /** This setup with a decorator whose hook {@code value} throws {@link DecoratorHook#failure()} on every call. */
  public ClientSetup withFailingHook(DecoratorHook value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, readTimeout, connectTimeout,
        lifecycleEvents, callSpan, value, probe);
  }

  /** This setup with {@code value} recording in the client's outermost interceptor and callbacks. */
  public ClientSetup withProbe(ActiveSpanProbe value) {
    return new ClientSetup(binding, resolver, sslContext, trustManager, readTimeout, connectTimeout,
        lifecycleEvents, callSpan, failingHook, value);
  }
}

package io.github.httptrace.core;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The options every client instrumentation's builder offers, in the words of the product contract. A client
 * module's builder extends it and adds {@code build()}, and so
 * offers the same names with the same meaning.
 *
 * @param <B> the module's builder, returned by every option for chaining
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public abstract class ClientTracingBuilder<B extends ClientTracingBuilder<B, Q, R>, Q, R> {
  /** The options collected so far; a module's {@code build()} builds them. */
  protected final ClientTracing.Builder<Q, R> options;

  /** Options for {@code binding}, reading requests through {@code adapter}, tagged {@code component}. */
  protected ClientTracingBuilder(TracerBinding binding, ClientAdapter<Q, R> adapter, String component) {
    this.options = ClientTracing.newBuilder(binding, adapter, component);
  }

  /** This builder, as its own type. */
  protected abstract B self();

  /** Names each attempt's span from its request; null or a throw falls back to {@code HTTP <METHOD>}. */
  public B operationName(Function<? super Q, String> operationName) {
    options.operationName(operationName);
    return self();
  }

  /** Decides per call, on the application's request, whether it is traced (e.g. skip health checks). */
  public B spanFilter(Predicate<? super Q> spanFilter) {
    options.spanFilter(spanFilter);
    return self();
  }

  /**
   * Adds a decorator; decorators run in the order added. Its span type {@code S} is the binding's own span ({@code
   * io.opentracing.Span} for OpenTracing, where the client's {@code …SpanDecorator} interface fixes it); a decorator
   * of another span type fails on each call, which is logged and skipped.
   */
  public B decorator(ClientDecorator<? super Q, ? super R, ?> decorator) {
    options.decorator(decorator);
    return self();
  }

  /** Computes {@code http.url} from an attempt's request; the result is sanitized too. */
  public B urlTag(Function<? super Q, String> urlTag) {
    options.urlTag(urlTag);
    return self();
  }

  /** The {@code component} tag (default: the client's name). */
  public B component(String component) {
    options.component(component);
    return self();
  }

  /** Whether each attempt's context is injected into its request headers (default true). */
  public B injectHeaders(boolean injectHeaders) {
    options.injectHeaders(injectHeaders);
    return self();
  }

  /** Whether the lifecycle events are logged on attempt spans (default true); errors are logged either way. */
  public B lifecycleEvents(boolean lifecycleEvents) {
    options.lifecycleEvents(lifecycleEvents);
    return self();
  }

  /** Whether a span named {@code HTTP Client} groups each call's attempts (default false). */
  public B callSpan(boolean callSpan) {
    options.callSpan(callSpan);
    return self();
  }

  /** Request headers recorded as {@code http.request.header.<name>}; none by default. */
  public B requestHeaders(String... names) {
    options.requestHeaders(Arrays.asList(names));
    return self();
  }

  /** Response headers recorded as {@code http.response.header.<name>}; none by default. */
  public B responseHeaders(String... names) {
    options.responseHeaders(Arrays.asList(names));
    return self();
  }

  /** Query parameters whose values are redacted in {@code http.url} and {@code location}, beyond the defaults. */
  public B sensitiveQueryParameters(String... names) {
    options.sensitiveQueryParameters(Arrays.asList(names));
    return self();
  }
}

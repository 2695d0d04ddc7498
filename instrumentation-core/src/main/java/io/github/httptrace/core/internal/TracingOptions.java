package io.github.httptrace.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The options every HTTP Trace instrumentation offers, server and client, with one meaning each. An entry class's
 * builder extends it (the clients' through {@link ClientTracingBuilder}) and adds what is its own.
 *
 * <p>Header and parameter lists are set, not appended to: the last call wins, as with every other option.
 *
 * @param <B> the builder, returned by every option for chaining
 * @param <Q> the request type
 */
public abstract class TracingOptions<B extends TracingOptions<B, Q>, Q> {
  /** The defaults, recognized by identity so a request skips calling them. */
  static final Function<Object, String> DEFAULT_NAME = request -> null;
  static final Function<Object, String> DEFAULT_URL = request -> null;
  static final Predicate<Object> TRACE_ALL = request -> true;

  Function<? super Q, String> operationName = DEFAULT_NAME;
  Predicate<? super Q> spanFilter = TRACE_ALL;
  Function<? super Q, String> urlTag = DEFAULT_URL;
  String component;
  List<String> requestHeaders = List.of();
  List<String> responseHeaders = List.of();
  List<String> sensitiveQueryParameters = List.of();

  /** Options with the contract's defaults, tagging spans with {@code component}. */
  protected TracingOptions(String component) {
    this.component = Objects.requireNonNull(component, "component");
  }

  /** This builder, as its own type. */
  protected abstract B self();

  /** The rules these options make, for the entry class's {@code build()}. */
  protected final RequestRules<Q> rules() {
    return new RequestRules<>(this);
  }

  /**
   * Names spans from their request; a null result or a throw leaves the binding's default ({@code HTTP GET} with
   * OpenTracing).
   */
  public B operationName(Function<? super Q, String> operationName) {
    this.operationName = Objects.requireNonNull(operationName, "operationName");
    return self();
  }

  /** Traces only requests for which {@code spanFilter} returns true (e.g. not health checks); a throw traces. */
  public B spanFilter(Predicate<? super Q> spanFilter) {
    this.spanFilter = Objects.requireNonNull(spanFilter, "spanFilter");
    return self();
  }

  /** Computes {@code http.url} from a request; the result is sanitized too, and null means the request URL. */
  public B urlTag(Function<? super Q, String> urlTag) {
    this.urlTag = Objects.requireNonNull(urlTag, "urlTag");
    return self();
  }

  /** The {@code component} tag (default: the instrumented library's name). */
  public B component(String component) {
    this.component = Objects.requireNonNull(component, "component");
    return self();
  }

  /** Sets the request headers recorded as {@code http.request.header.<lowercase name>}; none by default. */
  public B requestHeaders(Collection<String> names) {
    this.requestHeaders = copy(names);
    return self();
  }

  /** Sets the request headers recorded as {@code http.request.header.<lowercase name>}; none by default. */
  public B requestHeaders(String... names) {
    return requestHeaders(Arrays.asList(names));
  }

  /** Sets the response headers recorded as {@code http.response.header.<lowercase name>}; none by default. */
  public B responseHeaders(Collection<String> names) {
    this.responseHeaders = copy(names);
    return self();
  }

  /** Sets the response headers recorded as {@code http.response.header.<lowercase name>}; none by default. */
  public B responseHeaders(String... names) {
    return responseHeaders(Arrays.asList(names));
  }

  /**
   * Sets the query parameters whose values are replaced by {@code REDACTED} in URLs, in addition to the defaults
   * ({@link UrlSanitizer#DEFAULT_SENSITIVE_PARAMETERS}).
   */
  public B sensitiveQueryParameters(Collection<String> names) {
    this.sensitiveQueryParameters = copy(names);
    return self();
  }

  /** Sets the query parameters redacted in URLs beyond the defaults. */
  public B sensitiveQueryParameters(String... names) {
    return sensitiveQueryParameters(Arrays.asList(names));
  }

  /** A copy that keeps blank and null names: the lists ignore them, as a typo must not fail the application. */
  private static List<String> copy(Collection<String> names) {
    return Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(names, "names")));
  }
}

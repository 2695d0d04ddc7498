package io.github.httptrace.testkit.servlet;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.TestTracer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How the suite wants one tracing filter built: the binding (built with {@code TracingFilter.newBuilderWith(binding)},
 * so any binding runs the suite) and the builder options of SPEC's Configuration that a
 * case sets; null (or false) leaves the filter's default. {@link FilterUnderTest#create} reads it once.
 *
 * <pre>{@code
 * Filter filter = filterUnderTest().create(ServerSetup.of(tracer.binding()).operationNameFromMapping().component("edge"));
 * }</pre>
 */
public final class ServerSetup {
  private final TracerBinding binding;
  private boolean operationNameFromMapping;
  private Function<HttpServletRequest, String> operationName;
  private String component;
  private Function<HttpServletRequest, String> urlTag;
  private List<String> requestHeaders;
  private List<String> responseHeaders;
  private List<String> sensitiveQueryParameters;
  private Pattern skipPattern;
  private Predicate<HttpServletRequest> spanFilter;
  private final List<ServerHooks> hooks = new ArrayList<>();
  private Boolean extractParent;

  private ServerSetup(TracerBinding binding) {
    this.binding = Objects.requireNonNull(binding, "binding");
  }

  /** A setup with every option at the filter's default, tracing with {@code binding}. */
  public static ServerSetup of(TracerBinding binding) {
    return new ServerSetup(binding);
  }

  /** {@link #of(TracerBinding)} with {@code tracer}'s binding. */
  public static ServerSetup of(TestTracer tracer) {
    return new ServerSetup(tracer.binding());
  }

  /** Span names from the method and the servlet mapping, e.g. {@code GET /gettime}. */
  public ServerSetup operationNameFromMapping() {
    this.operationNameFromMapping = true;
    return this;
  }

  /** Span names from {@code function}. */
  public ServerSetup operationName(Function<HttpServletRequest, String> function) {
    this.operationName = function;
    return this;
  }

  /** The {@code component} tag. */
  public ServerSetup component(String value) {
    this.component = value;
    return this;
  }

  /** The {@code http.url} tag from {@code function} (sanitized by the filter all the same). */
  public ServerSetup urlTag(Function<HttpServletRequest, String> function) {
    this.urlTag = function;
    return this;
  }

  /** Allow-listed request headers. */
  public ServerSetup requestHeaders(List<String> names) {
    this.requestHeaders = List.copyOf(names);
    return this;
  }

  /** Allow-listed response headers. */
  public ServerSetup responseHeaders(List<String> names) {
    this.responseHeaders = List.copyOf(names);
    return this;
  }

  /** Query parameters redacted beyond the defaults. */
  public ServerSetup sensitiveQueryParameters(List<String> names) {
    this.sensitiveQueryParameters = List.copyOf(names);
    return this;
  }

  /** Requests whose path (no context path, no query) matches are not traced. */
  public ServerSetup skipPattern(Pattern pattern) {
    this.skipPattern = pattern;
    return this;
  }

  /** Traces only the requests {@code filter} accepts. */
  public ServerSetup spanFilter(Predicate<HttpServletRequest> filter) {
    this.spanFilter = filter;
    return this;
  }

  /** Adds decorator hooks; they run in the order added. */
  public ServerSetup hooks(ServerHooks value) {
    this.hooks.add(Objects.requireNonNull(value, "hooks"));
    return this;
  }

  /** Whether incoming trace headers are continued. */
  public ServerSetup extractParent(boolean value) {
    this.extractParent = value;
    return this;
  }

  /** Where spans go. */
  public TracerBinding binding() {
    return binding;
  }

  /** Whether spans are named from the servlet mapping. */
  public boolean isOperationNameFromMapping() {
    return operationNameFromMapping;
  }

  /** The operation name function, or null. */
  public Function<HttpServletRequest, String> operationName() {
    return operationName;
  }

  /** The component tag, or null for the default. */
  public String component() {
    return component;
  }

  /** The URL tag function, or null. */
  public Function<HttpServletRequest, String> urlTag() {
    return urlTag;
  }

  /** Allow-listed request headers, or null. */
  public List<String> requestHeaders() {
    return requestHeaders;
  }

  /** Allow-listed response headers, or null. */
  public List<String> responseHeaders() {
    return responseHeaders;
  }

  /** Extra sensitive query parameters, or null. */
  public List<String> sensitiveQueryParameters() {
    return sensitiveQueryParameters;
  }

  /** The skip pattern, or null. */
  public Pattern skipPattern() {
    return skipPattern;
  }

  /** The span filter, or null. */
  public Predicate<HttpServletRequest> spanFilter() {
    return spanFilter;
  }

  /** The hooks, in order. */
  public List<ServerHooks> hooks() {
    return List.copyOf(hooks);
  }

  /** Whether to extract the parent, or null for the default. */
  public Boolean extractParent() {
    return extractParent;
  }
}

package io.github.httptrace.brave;

import brave.Span;
import brave.http.HttpClientRequest;
import io.github.httptrace.core.RequestFacts;

/**
 * A client attempt's (or call's) span, and its facts as Brave's parsers and samplers read a request ({@code
 * HttpRuleSampler} matches its method and path). The facts carry no request headers, so {@link #header} is null;
 * headers are injected through the core's writer, not here.
 */
final class ClientRequest extends HttpClientRequest implements BraveSpan {
  private final RequestFacts facts;
  private final SpanType type;
  /** Set once by {@link ClientSpans} when Brave has made the span from this request, before the core has it. */
  private Span span;
  // Set on one thread and read at finish on another (a client's I/O thread, the thread closing the body): the core
  // orders its calls per span, and volatile keeps that true for a caller that does not.
  private volatile int status;
  private volatile Throwable error;

  ClientRequest(RequestFacts facts, SpanType type) {
    this.facts = facts;
    this.type = type;
  }

  /** Brave made {@code span} from this request. */
  void started(Span span) {
    this.span = span;
  }

  @Override
  public String method() {
    return facts.method();
  }

  @Override
  public String path() {
    return facts.path();
  }

  /** The sanitized URL: credentials and sensitive query values are already removed. */
  @Override
  public String url() {
    return facts.url();
  }

  @Override
  public String header(String name) {
    return null;
  }

  /** Injection goes through {@code TracerBinding.Span.inject}, on the attempt's own copy of the request. */
  @Override
  public void header(String name, String value) {}

  /**
   * Zero, Brave's "not given": the span was started at the core's time already, and keeping that time for a parser
   * to read again would cost a field per span.
   */
  @Override
  public long startTimestamp() {
    return 0L;
  }

  /** The facts the instrumentation handed over; the client's own request object is not reachable from here. */
  @Override
  public Object unwrap() {
    return facts;
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public SpanType type() {
    return type;
  }

  @Override
  public RequestFacts facts() {
    return facts;
  }

  @Override
  public void status(int statusCode) {
    this.status = statusCode;
  }

  @Override
  public int statusSeen() {
    return status;
  }

  @Override
  public Throwable errorSeen() {
    return error;
  }

  @Override
  public void keepFirstError(Throwable error) {
    if (this.error == null) this.error = error;
  }

  @Override
  public String toString() {
    return "BraveSpan(" + type.kind + ", " + span + ")";
  }
}

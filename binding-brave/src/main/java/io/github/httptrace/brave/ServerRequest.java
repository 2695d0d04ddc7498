package io.github.httptrace.brave;

import brave.Span;
import brave.http.HttpServerRequest;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.TracerBinding;

/**
 * A server span, and the incoming request's facts as Brave's parsers and samplers read a server request: its headers
 * (through the instrumentation's reader), its route when known, and the client address, from {@code X-Forwarded-For}
 * first as Brave's servlet instrumentation does. Its span state is {@link ClientRequest}'s, under Brave's other
 * request class.
 */
final class ServerRequest extends HttpServerRequest implements BraveSpan {
  private final RequestFacts facts;
  private final SpanType type;
  /** Set once by {@link ServerSpans} when Brave has made the span from this request, before the core has it. */
  private Span span;
  // Set on the request thread and read at finish, perhaps on a container's async thread: volatile, as ClientRequest.
  private volatile int status;
  private volatile Throwable error;

  ServerRequest(RequestFacts facts, SpanType type) {
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
    // The facts' path: a server gives it from its request URI, without building the URL.
    return facts.path();
  }

  @Override
  public String url() {
    return facts.url();
  }

  @Override
  public String route() {
    return facts.route();
  }

  @Override
  public String header(String name) {
    TracerBinding.HeaderReader headers = facts.headers();
    return headers == null ? null : headers.value(name);
  }

  @Override
  public boolean parseClientIpAndPort(Span span) {
    if (parseClientIpFromXForwardedFor(span)) return true;
    String ip = facts.remoteIp();
    return ip != null && span.remoteIpAndPort(ip, facts.remotePort());
  }

  /** Zero, Brave's "not given", as {@link ClientRequest#startTimestamp}. */
  @Override
  public long startTimestamp() {
    return 0L;
  }

  /** The facts the filter handed over (they read the servlet request on demand). */
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

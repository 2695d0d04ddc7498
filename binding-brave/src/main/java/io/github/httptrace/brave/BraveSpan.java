package io.github.httptrace.brave;

import brave.Span;
import brave.http.HttpRequest;
import brave.http.HttpResponse;
import brave.http.HttpResponseParser;
import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.internal.UrlSanitizer;
import java.util.List;

/**
 * One Brave span as the core drives it. The response is parsed when the span finishes, as Brave's handlers do, with
 * the status and the failure gathered until then; a span that is not sampled ({@link Span#isNoop()}) does no work.
 */
final class BraveSpan implements TracerBinding.Span {
  private final Span span;
  /** Its kind, scopes, propagation and response parser, shared by every span of that kind. */
  private final SpanType type;
  /** The request as Brave's parsers read it at the start; the response at finish refers to it. */
  private final HttpRequest request;
  // Set on one thread and read at finish on another (a client's I/O thread, the thread closing the body): the core
  // orders its calls per span, and volatile keeps that true for a caller that does not.
  private volatile int status;
  private volatile Throwable error;

  BraveSpan(Span span, SpanType type, HttpRequest request) {
    this.span = span;
    this.type = type;
    this.request = request;
  }

  /**
   * The name that wins over one the response parser would give: the user's ({@link RequestFacts#name}), else Go's
   * name for a call span. Read from the request's facts at finish rather than kept, a field less per span.
   */
  private String name() {
    String name = ((RequestFacts) request.unwrap()).name();
    return name != null ? name : type.kind == SpanKind.CALL ? ClientSpans.CALL_SPAN_NAME : null;
  }

  @Override
  public boolean isRecording() {
    return !span.isNoop();
  }

  @Override
  public Object context() {
    return span.context();
  }

  /**
   * The client's connected address as the remote endpoint. On the server the remote endpoint was set at start, from
   * {@code X-Forwarded-For} or the socket, as Brave's servlet instrumentation does; it is not overwritten.
   */
  @Override
  public void peer(String ip, int port) {
    if (type.kind == SpanKind.CLIENT && ip != null) span.remoteIpAndPort(ip, port);
  }

  @Override
  public void status(int statusCode) {
    this.status = statusCode;
  }

  @Override
  public void requestHeader(String name, List<String> values) {
    span.tag(HttpTags.REQUEST_HEADER_PREFIX + name, joined(values));
  }

  @Override
  public void responseHeader(String name, List<String> values) {
    span.tag(HttpTags.RESPONSE_HEADER_PREFIX + name, joined(values));
  }

  private static String joined(List<String> values) {
    return UrlSanitizer.truncate(values.size() == 1 ? values.get(0) : String.join(", ", values));
  }

  /** Brave's HTTP conventions have no tag for it. */
  @Override
  public void resendCount(int count) {}

  /** Brave's HTTP conventions have no tag for it. */
  @Override
  public void protocolVersion(String version) {}

  @Override
  public void event(HttpEvent event, long micros) {
    span.annotate(micros, Annotations.of(event));
  }

  /**
   * Keeps the first failure for {@link Span#error} at finish (so the response parser sees it, as in Brave's
   * handlers), and marks its time with an annotation; a call span only keeps it, its attempt has the annotation.
   */
  @Override
  public void error(Throwable error, long micros) {
    if (this.error == null) this.error = error;
    if (type.kind != SpanKind.CALL && !span.isNoop()) span.annotate(micros, Annotations.error(error));
  }

  @Override
  public void inject(TracerBinding.HeaderWriter headers) {
    type.propagators.inject(span.context(), headers);
  }

  @Override
  public TracerBinding.Scope makeCurrent() {
    return type.scopes.newScope(span.context());
  }

  /** Parses the response, as Brave's handlers do, then finishes: a parser that throws never keeps it open. */
  @Override
  public void finish(long micros) {
    if (span.isNoop()) return;
    try {
      if (error != null) span.error(error);
      String name = name();
      HttpResponseParser responseParser = type.responseParser;
      if (responseParser != null) parse(responseParser, name, micros);
      if (name != null) span.name(name);
    } catch (Throwable t) {
      Safe.failed("brave.responseParser", t);
    } finally {
      span.finish(micros);
    }
  }

  /**
   * Runs the response parser on the response. With Brave's default parser on a server span, the name it would give
   * from the route ({@code GET /api/*}) comes from {@link RouteNames}, the same name made once, and the parser is
   * shown no route, so it names nothing and concatenates nothing; the route is read from the request once, and not
   * at all when the user's name replaces the parser's anyway (a container builds its mapping anew on each read).
   */
  private void parse(HttpResponseParser responseParser, String name, long micros) {
    HttpResponse response;
    String routeName = null;
    if (type.kind != SpanKind.SERVER) {
      response = new ClientResponse((ClientRequest) request, status, error, micros);
    } else if (type.routeNames == null) {
      response = new ServerResponse((ServerRequest) request, status, error, micros);
    } else {
      String route = name == null ? request.route() : null;
      routeName = type.routeNames.name(request.method(), route);
      // Where no name comes from the route (none, or the empty route the parser names by status), it sees it as is.
      response = new ServerResponse((ServerRequest) request, status, error, micros, routeName == null ? route : null);
    }
    responseParser.parse(response, span.context(), span.customizer());
    if (routeName != null) span.name(routeName);
  }

  @Override
  public Object unwrap() {
    return span;
  }

  @Override
  public String toString() {
    return "BraveSpan(" + type.kind + ", " + span + ")";
  }
}

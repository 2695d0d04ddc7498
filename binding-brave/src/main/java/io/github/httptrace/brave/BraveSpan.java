package io.github.httptrace.brave;

import brave.Span;
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
 *
 * <p>The span is also the request Brave's samplers and parsers read: {@link ClientRequest} and {@link ServerRequest}
 * are Brave's request types and implement this, one object per span where a span and its request were two. Java lets
 * a class extend one of Brave's request classes only, so what both do is here, over the state each keeps.
 */
interface BraveSpan extends TracerBinding.Span {
  /** The Brave span; set once, before the core is handed this. */
  Span span();

  /** Its kind, scopes, propagation and response parser, shared by every span of that kind. */
  SpanType type();

  /** The request's facts, as the instrumentation handed them over. */
  RequestFacts facts();

  /** The status recorded so far; 0 for none. */
  int statusSeen();

  /** The first failure recorded; null for none. */
  Throwable errorSeen();

  /** Keeps {@code error} as the span's failure, unless one is kept already. */
  void keepFirstError(Throwable error);

  /**
   * The name that wins over one the response parser would give: the user's ({@link RequestFacts#name}), else Go's
   * name for a call span.
   */
  private String name() {
    String name = facts().name();
    return name != null ? name : type().kind == SpanKind.CALL ? ClientSpans.CALL_SPAN_NAME : null;
  }

  @Override
  default boolean isRecording() {
    return !span().isNoop();
  }

  @Override
  default Object context() {
    return span().context();
  }

  /**
   * The client's connected address as the remote endpoint. On the server the remote endpoint was set at start, from
   * {@code X-Forwarded-For} or the socket, as Brave's servlet instrumentation does; it is not overwritten.
   */
  @Override
  default void peer(String ip, int port) {
    if (type().kind == SpanKind.CLIENT && ip != null) span().remoteIpAndPort(ip, port);
  }

  @Override
  default void requestHeader(String name, List<String> values) {
    span().tag(HttpTags.REQUEST_HEADER_PREFIX + name, joined(values));
  }

  @Override
  default void responseHeader(String name, List<String> values) {
    span().tag(HttpTags.RESPONSE_HEADER_PREFIX + name, joined(values));
  }

  private static String joined(List<String> values) {
    return UrlSanitizer.truncate(values.size() == 1 ? values.get(0) : String.join(", ", values));
  }

  /** Brave's HTTP conventions have no tag for it. */
  @Override
  default void resendCount(int count) {}

  /** Brave's HTTP conventions have no tag for it. */
  @Override
  default void protocolVersion(String version) {}

  @Override
  default void event(HttpEvent event, long micros) {
    span().annotate(micros, Annotations.of(event));
  }

  /**
   * Keeps the first failure for {@link Span#error} at finish (so the response parser sees it, as in Brave's
   * handlers), and marks its time with an annotation; a call span only keeps it, its attempt has the annotation.
   */
  @Override
  default void error(Throwable error, long micros) {
    keepFirstError(error);
    Span span = span();
    if (type().kind != SpanKind.CALL && !span.isNoop()) span.annotate(micros, Annotations.error(error));
  }

  @Override
  default void inject(TracerBinding.HeaderWriter headers) {
    type().propagators.inject(span().context(), headers);
  }

  @Override
  default TracerBinding.Scope makeCurrent() {
    return type().scopes.newScope(span().context());
  }

  /** Parses the response, as Brave's handlers do, then finishes: a parser that throws never keeps it open. */
  @Override
  default void finish(long micros) {
    Span span = span();
    if (span.isNoop()) return;
    try {
      Throwable error = errorSeen();
      if (error != null) span.error(error);
      String name = name();
      HttpResponseParser responseParser = type().responseParser;
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
    SpanType type = type();
    if (type.kind != SpanKind.SERVER) {
      response = new ClientResponse((ClientRequest) this, statusSeen(), errorSeen(), micros);
    } else if (type.routeNames == null) {
      response = new ServerResponse((ServerRequest) this, statusSeen(), errorSeen(), micros);
    } else {
      RequestFacts facts = facts();
      String route = name == null ? facts.route() : null;
      routeName = type.routeNames.name(facts.method(), route);
      // Where no name comes from the route (none, or the empty route the parser names by status), it sees it as is.
      response = new ServerResponse((ServerRequest) this, statusSeen(), errorSeen(), micros,
          routeName == null ? route : null);
    }
    Span span = span();
    responseParser.parse(response, span.context(), span.customizer());
    if (routeName != null) span.name(routeName);
  }

  @Override
  default Object nativeSpan() {
    return span();
  }
}

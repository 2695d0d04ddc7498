package io.github.httptrace.brave;

import brave.http.HttpResponseParser;
import io.github.httptrace.core.SpanKind;

/**
 * What every span of one kind shares: its kind, how it is made current and injected, and the response parser that
 * runs at its finish. Made once per kind by the binding, so a {@link BraveSpan} holds one reference to all four
 * rather than a field for each: the span adapter is made per request, these never change.
 */
final class SpanType {
  final SpanKind kind;
  /** How the span is made current (Brave's current trace context, its shared scopes adapted once). */
  final Scopes scopes;
  final Propagators propagators;
  /** Null for a call span: it is local, no response is parsed onto it. */
  final HttpResponseParser responseParser;
  /**
   * The names Brave's default response parser gives server spans from their route, made once each; null unless this
   * is the server's type and its parser is that default ({@link HttpResponseParser#DEFAULT}).
   */
  final RouteNames routeNames;

  SpanType(SpanKind kind, Scopes scopes, Propagators propagators, HttpResponseParser responseParser) {
    this.kind = kind;
    this.scopes = scopes;
    this.propagators = propagators;
    this.responseParser = responseParser;
    this.routeNames = kind == SpanKind.SERVER && responseParser == HttpResponseParser.DEFAULT
        ? new RouteNames() : null;
  }
}

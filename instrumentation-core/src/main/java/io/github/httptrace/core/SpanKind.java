package io.github.httptrace.core;

/** What a span stands for; each binding writes it in its API's words. */
public enum SpanKind {
  /** One incoming request, from the servlet filter. */
  SERVER,
  /** One attempt of a client call: the first request, a redirect hop, a retry. */
  CLIENT,
  /** The optional span grouping the attempts of one logical client call (Go's {@code HTTP Client} span). */
  CALL
}

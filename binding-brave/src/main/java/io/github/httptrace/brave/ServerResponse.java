package io.github.httptrace.brave;

import brave.http.HttpServerResponse;

/** How a request ended, as Brave's server response parser reads it: the status sent, or the failure. */
final class ServerResponse extends HttpServerResponse {
  private final ServerRequest request;
  private final int status;
  private final Throwable error;
  private final long finishMicros;
  /** Whether {@link #route} was read already; if not, the request's is read when the parser asks. */
  private final boolean routeGiven;
  private final String route;

  ServerResponse(ServerRequest request, int status, Throwable error, long finishMicros) {
    this(request, status, error, finishMicros, false, null);
  }

  /** With the route the binding read from the request already ({@code route}: what the parser is shown). */
  ServerResponse(ServerRequest request, int status, Throwable error, long finishMicros, String route) {
    this(request, status, error, finishMicros, true, route);
  }

  private ServerResponse(ServerRequest request, int status, Throwable error, long finishMicros, boolean routeGiven,
      String route) {
    this.request = request;
    this.status = status;
    this.error = error;
    this.finishMicros = finishMicros;
    this.routeGiven = routeGiven;
    this.route = route;
  }

  @Override
  public ServerRequest request() {
    return request;
  }

  @Override
  public String route() {
    return routeGiven ? route : request.route();
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public long finishTimestamp() {
    return finishMicros;
  }

  /** None: the instrumentation hands the binding facts, not its library's response object. */
  @Override
  public Object unwrap() {
    return null;
  }
}

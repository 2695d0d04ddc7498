package io.github.httptrace.brave;

import brave.http.HttpServerResponse;

/** How a request ended, as Brave's server response parser reads it: the status sent, or the failure. */
final class ServerResponse extends HttpServerResponse {
  private final ServerRequest request;
  private final int status;
  private final Throwable error;
  private final long finishMicros;

  ServerResponse(ServerRequest request, int status, Throwable error, long finishMicros) {
    this.request = request;
    this.status = status;
    this.error = error;
    this.finishMicros = finishMicros;
  }

  @Override
  public ServerRequest request() {
    return request;
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

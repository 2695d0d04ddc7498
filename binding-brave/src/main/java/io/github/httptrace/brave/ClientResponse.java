package io.github.httptrace.brave;

import brave.http.HttpClientResponse;

/** How an attempt ended, as Brave's client response parser reads it: the status (0 if none) or the failure. */
final class ClientResponse extends HttpClientResponse {
  private final ClientRequest request;
  private final int status;
  private final Throwable error;
  private final long finishMicros;

  ClientResponse(ClientRequest request, int status, Throwable error, long finishMicros) {
    this.request = request;
    this.status = status;
    this.error = error;
    this.finishMicros = finishMicros;
  }

  @Override
  public ClientRequest request() {
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

package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * The classic client's runtime of one attempt, passed down the exec chain in place of its own: it sees the
 * connection leased (reused or not), connected, and the request handed to it and answered. Every call is
 * delegated unchanged; what it reports goes through {@link Safe}.
 */
final class TracedExecRuntime implements ExecRuntime {
  private final ExecRuntime delegate;
  private final TracedExchange exchange;

  TracedExecRuntime(ExecRuntime delegate, TracedExchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
  }

  @Override
  public boolean isExecutionAborted() {
    return delegate.isExecutionAborted();
  }

  @Override
  public boolean isEndpointAcquired() {
    return delegate.isEndpointAcquired();
  }

  @Override
  public void acquireEndpoint(String id, HttpRoute route, Object state, HttpClientContext context)
      throws IOException {
    delegate.acquireEndpoint(id, route, state, context);
    boolean connected = delegate.isEndpointConnected();
    // Per attempt: try/catch with Safe.failed, Safe's own rule, rather than a capturing lambda.
    try {
      exchange.acquired(connected);
    } catch (Throwable t) {
      Safe.failed("httpclient.acquired", t);
    }
  }

  @Override
  public void releaseEndpoint() {
    delegate.releaseEndpoint();
  }

  @Override
  public void discardEndpoint() {
    delegate.discardEndpoint();
  }

  @Override
  public boolean isEndpointConnected() {
    return delegate.isEndpointConnected();
  }

  @Override
  public void disconnectEndpoint() throws IOException {
    delegate.disconnectEndpoint();
  }

  @Override
  public void connectEndpoint(HttpClientContext context) throws IOException {
    Safe.run("httpclient.connectStarting", exchange::connectStarting);
    try {
      delegate.connectEndpoint(context);
    } catch (IOException | RuntimeException | Error e) {
      Safe.run("httpclient.connectFailed", () -> exchange.connectFailed(e));
      throw e;
    }
    Safe.run("httpclient.connected", () -> exchange.connectFinished(sslSession(delegate.getEndpointInfo())));
  }

  @Override
  public void upgradeTls(HttpClientContext context) throws IOException {
    delegate.upgradeTls(context);
  }

  @Override
  public EndpointInfo getEndpointInfo() {
    return delegate.getEndpointInfo();
  }

  @Override
  public ClassicHttpResponse execute(String id, ClassicHttpRequest request, HttpClientContext context)
      throws IOException, HttpException {
    return execute(id, request, null, context);
  }

  @Override
  public ClassicHttpResponse execute(String id, ClassicHttpRequest request,
      HttpResponseInformationCallback informationCallback, HttpClientContext context)
      throws IOException, HttpException {
    HttpEntity entity = request.getEntity();
    try {
      exchange.sending(entity != null);
    } catch (Throwable t) {
      Safe.failed("httpclient.sending", t);
    }
    // The request body's and the first byte's moments are only ever events: without them, nothing to wrap.
    if (!logsEvents()) return delegate.execute(id, request, informationCallback, context);
    boolean traceBody = entity != null && !(entity instanceof TracedRequestEntity);
    if (traceBody) request.setEntity(new TracedRequestEntity(entity, exchange));
    FirstByte informed = new FirstByte(exchange, informationCallback);
    try {
      ClassicHttpResponse response = delegate.execute(id, request, informed, context);
      informed.seen();
      return response;
    } finally {
      if (traceBody) request.setEntity(entity);
    }
  }

  private boolean logsEvents() {
    try {
      return exchange.logsEvents();
    } catch (Throwable t) {
      Safe.failed("httpclient.logsEvents", t);
      return true;
    }
  }

  /**
   * The first response byte, told once: by an informational (1xx) response, else by the final one's return; then
   * the application's own callback, if any. One object per exchange, where a flag array and a lambda were two.
   */
  private static final class FirstByte implements HttpResponseInformationCallback {
    private final TracedExchange exchange;
    private final HttpResponseInformationCallback delegate;
    private boolean seen;

    FirstByte(TracedExchange exchange, HttpResponseInformationCallback delegate) {
      this.exchange = exchange;
      this.delegate = delegate;
    }

    @Override
    public void execute(HttpResponse response, HttpConnection connection, HttpContext context)
        throws HttpException {
      seen();
      if (delegate != null) delegate.execute(response, connection, context);
    }

    void seen() {
      if (seen) return;
      seen = true;
      try {
        exchange.firstByte();
      } catch (Throwable t) {
        Safe.failed("httpclient.firstResponseByte", t);
      }
    }
  }

  @Override
  public boolean isConnectionReusable() {
    return delegate.isConnectionReusable();
  }

  @Override
  public void markConnectionReusable(Object state, TimeValue validityTime) {
    delegate.markConnectionReusable(state, validityTime);
  }

  @Override
  public void markConnectionNonReusable() {
    delegate.markConnectionNonReusable();
  }

  @Override
  public ExecRuntime fork(CancellableDependency cancellableDependency) {
    return new TracedExecRuntime(delegate.fork(cancellableDependency), exchange);
  }

  /** The TLS session of the connection just connected, if it is TLS. */
  static javax.net.ssl.SSLSession sslSession(EndpointInfo info) {
    return info == null ? null : info.getSslSession();
  }
}

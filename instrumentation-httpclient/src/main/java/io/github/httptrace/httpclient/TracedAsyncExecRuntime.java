package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.AsyncClientExchangeHandler;
import org.apache.hc.core5.util.TimeValue;

/**
 * The async client's runtime of one attempt, passed down the exec chain in place of its own: it sees the
 * connection leased (reused or not), connected (TCP and, for HTTPS, TLS: a handshake the tracing's TLS strategy
 * recorded is claimed then by the connection's session), and the request handed to it. Every call is delegated
 * unchanged.
 */
final class TracedAsyncExecRuntime implements AsyncExecRuntime {
  private final AsyncExecRuntime delegate;
  private final TracedExchange exchange;
  private final boolean hasBody;

  TracedAsyncExecRuntime(AsyncExecRuntime delegate, TracedExchange exchange, boolean hasBody) {
    this.delegate = delegate;
    this.exchange = exchange;
    this.hasBody = hasBody;
  }

  @Override
  public boolean isEndpointAcquired() {
    return delegate.isEndpointAcquired();
  }

  @Override
  public Cancellable acquireEndpoint(String id, HttpRoute route, Object state, HttpClientContext context,
      FutureCallback<AsyncExecRuntime> callback) {
    return delegate.acquireEndpoint(id, route, state, context, new FutureCallback<>() {
      @Override
      public void completed(AsyncExecRuntime runtime) {
        boolean connected = delegate.isEndpointConnected();
        // Per attempt: try/catch with Safe.failed, Safe's own rule, rather than a capturing lambda.
        try {
          // The HTTP/2 client's pool connects inside the lease (connectEndpoint is never called): a lease that
          // comes back connected after this attempt's own lookup ended that connect.
          if (connected && exchange.connecting()) {
            exchange.connectFinished(sslSession(delegate.getEndpointInfo()));
          } else {
            exchange.acquired(connected);
          }
        } catch (Throwable t) {
          Safe.failed("httpclient.acquired", t);
        }
        callback.completed(TracedAsyncExecRuntime.this);
      }

      @Override
      public void failed(Exception cause) {
        callback.failed(cause);
      }

      @Override
      public void cancelled() {
        callback.cancelled();
      }
    });
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
  public Cancellable connectEndpoint(HttpClientContext context, FutureCallback<AsyncExecRuntime> callback) {
    Safe.run("httpclient.connectStarting", exchange::connectStarting);
    // The manager resolves the name inside this call, on whichever thread completed the lease: the resolver finds
    // the attempt through this thread.
    TracedExchange previous = exchange.bind();
    try {
      return connect(context, callback);
    } finally {
      TracedExchange.restore(previous);
    }
  }

  private Cancellable connect(HttpClientContext context, FutureCallback<AsyncExecRuntime> callback) {
    return delegate.connectEndpoint(context, new FutureCallback<>() {
      @Override
      public void completed(AsyncExecRuntime runtime) {
        Safe.run("httpclient.connected", () -> exchange.connectFinished(sslSession(delegate.getEndpointInfo())));
        callback.completed(TracedAsyncExecRuntime.this);
      }

      @Override
      public void failed(Exception cause) {
        Safe.run("httpclient.connectFailed", () -> exchange.connectFailed(cause));
        callback.failed(cause);
      }

      @Override
      public void cancelled() {
        callback.cancelled();
      }
    });
  }

  @Override
  public void disconnectEndpoint() {
    delegate.disconnectEndpoint();
  }

  @Override
  public void upgradeTls(HttpClientContext context) {
    delegate.upgradeTls(context);
  }

  @Override
  public void upgradeTls(HttpClientContext context, FutureCallback<AsyncExecRuntime> callback) {
    delegate.upgradeTls(context, callback);
  }

  @Override
  public EndpointInfo getEndpointInfo() {
    return delegate.getEndpointInfo();
  }

  @Override
  public boolean validateConnection() {
    return delegate.validateConnection();
  }

  @Override
  public Cancellable execute(String id, AsyncClientExchangeHandler exchangeHandler, HttpClientContext context) {
    try {
      exchange.sending(hasBody);
    } catch (Throwable t) {
      Safe.failed("httpclient.sending", t);
    }
    return delegate.execute(id, exchangeHandler, context);
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
  public AsyncExecRuntime fork() {
    return new TracedAsyncExecRuntime(delegate.fork(), exchange, hasBody);
  }

  /** The TLS session of the connection just connected, if it is TLS. */
  static javax.net.ssl.SSLSession sslSession(EndpointInfo info) {
    return info == null ? null : info.getSslSession();
  }
}

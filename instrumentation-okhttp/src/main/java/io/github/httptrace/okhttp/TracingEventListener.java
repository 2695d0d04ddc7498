package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One call's OkHttp events, handed to its {@link TracedCall}. Nothing thrown here may reach OkHttp: an
 * exception from a listener would fail the application's call.
 *
 * <p>Every hook guards its call with try/catch and {@link Safe#failed}, Safe's own rule, rather than {@code Safe.run}
 * with a lambda: a request passes a dozen hooks, and a lambda object each was a measurable share of its bytes.
 *
 * <p>Compiled against OkHttp 5: on OkHttp 4.12 the hooks only 5 has ({@code dispatcherQueueEnd}, {@code
 * retryDecision}, {@code followUpDecision}) are never called, and {@link TracedCall} finds the attempts another way.
 */
final class TracingEventListener extends EventListener {
  private final TracedCall traced;
  private final CallStates states;

  TracingEventListener(TracedCall traced, CallStates states) {
    this.traced = traced;
    this.states = states;
  }

  @Override
  public void callStart(Call call) {
    // Call tags cannot be written while the factory creates the listener; this is the first moment they can.
    try {
      states.publish(call, traced);
    } catch (Throwable t) {
      Safe.failed("okhttp.callStart", t);
    }
    try {
      traced.started();
    } catch (Throwable t) {
      Safe.failed("okhttp.callStart", t);
    }
  }

  /** OkHttp 5.2 and newer only. */
  @Override
  public void dispatcherQueueEnd(Call call, Dispatcher dispatcher) {
    try {
      traced.started();
    } catch (Throwable t) {
      Safe.failed("okhttp.dispatcherQueueEnd", t);
    }
  }

  @Override
  public void proxySelectStart(Call call, HttpUrl url) {
    try {
      traced.proxySelectStart();
    } catch (Throwable t) {
      Safe.failed("okhttp.proxySelectStart", t);
    }
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    try {
      traced.dnsStart(domainName);
    } catch (Throwable t) {
      Safe.failed("okhttp.dnsStart", t);
    }
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    try {
      traced.dnsEnd(inetAddressList);
    } catch (Throwable t) {
      Safe.failed("okhttp.dnsEnd", t);
    }
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    try {
      traced.connectStart(inetSocketAddress);
    } catch (Throwable t) {
      Safe.failed("okhttp.connectStart", t);
    }
  }

  @Override
  public void secureConnectStart(Call call) {
    try {
      traced.secureConnectStart();
    } catch (Throwable t) {
      Safe.failed("okhttp.secureConnectStart", t);
    }
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    try {
      traced.secureConnectEnd(handshake);
    } catch (Throwable t) {
      Safe.failed("okhttp.secureConnectEnd", t);
    }
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
    try {
      traced.connectEnd(inetSocketAddress);
    } catch (Throwable t) {
      Safe.failed("okhttp.connectEnd", t);
    }
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol,
      IOException ioe) {
    try {
      traced.connectFailed(inetSocketAddress, ioe);
    } catch (Throwable t) {
      Safe.failed("okhttp.connectFailed", t);
    }
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    try {
      traced.connectionAcquired(connection);
    } catch (Throwable t) {
      Safe.failed("okhttp.connectionAcquired", t);
    }
  }

  @Override
  public void connectionReleased(Call call, Connection connection) {
    // Idleness serves only GotConn's event (see TracedCall.connectionAcquired).
    try {
      if (traced.tracksIdleness()) IdleConnections.SHARED.released(connection, System.nanoTime());
    } catch (Throwable t) {
      Safe.failed("okhttp.connectionReleased", t);
    }
  }

  @Override
  public void requestHeadersStart(Call call) {
    try {
      traced.requestHeadersStart();
    } catch (Throwable t) {
      Safe.failed("okhttp.requestHeadersStart", t);
    }
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    try {
      traced.requestHeadersEnd(request);
    } catch (Throwable t) {
      Safe.failed("okhttp.requestHeadersEnd", t);
    }
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    try {
      traced.requestBodyEnd(byteCount);
    } catch (Throwable t) {
      Safe.failed("okhttp.requestBodyEnd", t);
    }
  }

  @Override
  public void requestFailed(Call call, IOException ioe) {
    try {
      traced.requestFailed(ioe);
    } catch (Throwable t) {
      Safe.failed("okhttp.requestFailed", t);
    }
  }

  @Override
  public void responseHeadersStart(Call call) {
    try {
      traced.responseHeadersStart();
    } catch (Throwable t) {
      Safe.failed("okhttp.responseHeadersStart", t);
    }
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    try {
      traced.responseHeadersEnd(response);
    } catch (Throwable t) {
      Safe.failed("okhttp.responseHeadersEnd", t);
    }
  }

  @Override
  public void responseBodyEnd(Call call, long byteCount) {
    try {
      traced.responseBodyEnd(byteCount);
    } catch (Throwable t) {
      Safe.failed("okhttp.responseBodyEnd", t);
    }
  }

  @Override
  public void responseFailed(Call call, IOException ioe) {
    try {
      traced.responseFailed(ioe);
    } catch (Throwable t) {
      Safe.failed("okhttp.responseFailed", t);
    }
  }

  @Override
  public void cacheHit(Call call, Response cachedResponse) {
    try {
      traced.cacheHit(cachedResponse);
    } catch (Throwable t) {
      Safe.failed("okhttp.cacheHit", t);
    }
  }

  @Override
  public void satisfactionFailure(Call call, Response response) {
    try {
      traced.responseHeadersEnd(response);
    } catch (Throwable t) {
      Safe.failed("okhttp.satisfactionFailure", t);
    }
  }

  /** OkHttp 5.3 and newer only. */
  @Override
  public void retryDecision(Call call, IOException exception, boolean retry) {
    try {
      traced.retryDecision(exception, retry);
    } catch (Throwable t) {
      Safe.failed("okhttp.retryDecision", t);
    }
  }

  /** OkHttp 5.3 and newer only. */
  @Override
  public void followUpDecision(Call call, Response networkResponse, Request nextRequest) {
    try {
      traced.followUpDecision(networkResponse, nextRequest);
    } catch (Throwable t) {
      Safe.failed("okhttp.followUpDecision", t);
    }
  }

  @Override
  public void callEnd(Call call) {
    try {
      traced.callEnded();
    } catch (Throwable t) {
      Safe.failed("okhttp.callEnd", t);
    }
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    try {
      traced.failed(ioe);
    } catch (Throwable t) {
      Safe.failed("okhttp.callFailed", t);
    }
  }
}

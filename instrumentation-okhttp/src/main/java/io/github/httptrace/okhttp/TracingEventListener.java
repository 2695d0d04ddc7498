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
    Safe.run("okhttp.callStart", () -> states.publish(call, traced));
    Safe.run("okhttp.callStart", traced::started);
  }

  /** OkHttp 5.2 and newer only. */
  @Override
  public void dispatcherQueueEnd(Call call, Dispatcher dispatcher) {
    Safe.run("okhttp.dispatcherQueueEnd", traced::started);
  }

  @Override
  public void proxySelectStart(Call call, HttpUrl url) {
    Safe.run("okhttp.proxySelectStart", traced::proxySelectStart);
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    Safe.run("okhttp.dnsStart", () -> traced.dnsStart(domainName));
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    Safe.run("okhttp.dnsEnd", () -> traced.dnsEnd(inetAddressList));
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    Safe.run("okhttp.connectStart", () -> traced.connectStart(inetSocketAddress));
  }

  @Override
  public void secureConnectStart(Call call) {
    Safe.run("okhttp.secureConnectStart", traced::secureConnectStart);
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    Safe.run("okhttp.secureConnectEnd", () -> traced.secureConnectEnd(handshake));
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
    Safe.run("okhttp.connectEnd", () -> traced.connectEnd(inetSocketAddress));
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol,
      IOException ioe) {
    Safe.run("okhttp.connectFailed", () -> traced.connectFailed(inetSocketAddress, ioe));
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    Safe.run("okhttp.connectionAcquired", () -> traced.connectionAcquired(connection));
  }

  @Override
  public void connectionReleased(Call call, Connection connection) {
    Safe.run("okhttp.connectionReleased", () -> IdleConnections.SHARED.released(connection, System.nanoTime()));
  }

  @Override
  public void requestHeadersStart(Call call) {
    Safe.run("okhttp.requestHeadersStart", traced::requestHeadersStart);
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    Safe.run("okhttp.requestHeadersEnd", () -> traced.requestHeadersEnd(request));
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    Safe.run("okhttp.requestBodyEnd", () -> traced.requestBodyEnd(byteCount));
  }

  @Override
  public void requestFailed(Call call, IOException ioe) {
    Safe.run("okhttp.requestFailed", () -> traced.requestFailed(ioe));
  }

  @Override
  public void responseHeadersStart(Call call) {
    Safe.run("okhttp.responseHeadersStart", traced::responseHeadersStart);
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    Safe.run("okhttp.responseHeadersEnd", () -> traced.responseHeadersEnd(response));
  }

  @Override
  public void responseBodyEnd(Call call, long byteCount) {
    Safe.run("okhttp.responseBodyEnd", () -> traced.responseBodyEnd(byteCount));
  }

  @Override
  public void responseFailed(Call call, IOException ioe) {
    Safe.run("okhttp.responseFailed", () -> traced.responseFailed(ioe));
  }

  @Override
  public void cacheHit(Call call, Response cachedResponse) {
    Safe.run("okhttp.cacheHit", () -> traced.cacheHit(cachedResponse));
  }

  @Override
  public void satisfactionFailure(Call call, Response response) {
    Safe.run("okhttp.satisfactionFailure", () -> traced.responseHeadersEnd(response));
  }

  /** OkHttp 5.3 and newer only. */
  @Override
  public void retryDecision(Call call, IOException exception, boolean retry) {
    Safe.run("okhttp.retryDecision", () -> traced.retryDecision(exception, retry));
  }

  /** OkHttp 5.3 and newer only. */
  @Override
  public void followUpDecision(Call call, Response networkResponse, Request nextRequest) {
    Safe.run("okhttp.followUpDecision", () -> traced.followUpDecision(networkResponse, nextRequest));
  }

  @Override
  public void callEnd(Call call) {
    Safe.run("okhttp.callEnd", traced::callEnded);
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    Safe.run("okhttp.callFailed", () -> traced.failed(ioe));
  }
}

package io.github.httptrace.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tracing's listener followed by the application's, for OkHttp 4.12, which has no {@code EventListener.plus}: each
 * event OkHttp 4.12 reports goes to {@code first}, then to {@code second}. The events only OkHttp 5 reports are
 * not forwarded: this chain is used only where OkHttp never reports them.
 *
 * <p>{@code first} is tracing's, which never throws; what {@code second} throws reaches OkHttp as it would without
 * tracing.
 */
final class ChainedEventListener extends EventListener {
  private final EventListener first;
  private final EventListener second;

  ChainedEventListener(EventListener first, EventListener second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void callStart(Call call) {
    first.callStart(call);
    second.callStart(call);
  }

  @Override
  public void proxySelectStart(Call call, HttpUrl url) {
    first.proxySelectStart(call, url);
    second.proxySelectStart(call, url);
  }

  @Override
  public void proxySelectEnd(Call call, HttpUrl url, List<Proxy> proxies) {
    first.proxySelectEnd(call, url, proxies);
    second.proxySelectEnd(call, url, proxies);
  }

  @Override
  public void dnsStart(Call call, String domainName) {
    first.dnsStart(call, domainName);
    second.dnsStart(call, domainName);
  }

  @Override
  public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
    first.dnsEnd(call, domainName, inetAddressList);
    second.dnsEnd(call, domainName, inetAddressList);
  }

  @Override
  public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
    first.connectStart(call, inetSocketAddress, proxy);
    second.connectStart(call, inetSocketAddress, proxy);
  }

  @Override
  public void secureConnectStart(Call call) {
    first.secureConnectStart(call);
    second.secureConnectStart(call);
  }

  @Override
  public void secureConnectEnd(Call call, Handshake handshake) {
    first.secureConnectEnd(call, handshake);
    second.secureConnectEnd(call, handshake);
  }

  @Override
  public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
    first.connectEnd(call, inetSocketAddress, proxy, protocol);
    second.connectEnd(call, inetSocketAddress, proxy, protocol);
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol,
      IOException ioe) {
    first.connectFailed(call, inetSocketAddress, proxy, protocol, ioe);
    second.connectFailed(call, inetSocketAddress, proxy, protocol, ioe);
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    first.connectionAcquired(call, connection);
    second.connectionAcquired(call, connection);
  }

  @Override
  public void connectionReleased(Call call, Connection connection) {
    first.connectionReleased(call, connection);
    second.connectionReleased(call, connection);
  }

  @Override
  public void requestHeadersStart(Call call) {
    first.requestHeadersStart(call);
    second.requestHeadersStart(call);
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    first.requestHeadersEnd(call, request);
    second.requestHeadersEnd(call, request);
  }

  @Override
  public void requestBodyStart(Call call) {
    first.requestBodyStart(call);
    second.requestBodyStart(call);
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    first.requestBodyEnd(call, byteCount);
    second.requestBodyEnd(call, byteCount);
  }

  @Override
  public void requestFailed(Call call, IOException ioe) {
    first.requestFailed(call, ioe);
    second.requestFailed(call, ioe);
  }

  @Override
  public void responseHeadersStart(Call call) {
    first.responseHeadersStart(call);
    second.responseHeadersStart(call);
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    first.responseHeadersEnd(call, response);
    second.responseHeadersEnd(call, response);
  }

  @Override
  public void responseBodyStart(Call call) {
    first.responseBodyStart(call);
    second.responseBodyStart(call);
  }

  @Override
  public void responseBodyEnd(Call call, long byteCount) {
    first.responseBodyEnd(call, byteCount);
    second.responseBodyEnd(call, byteCount);
  }

  @Override
  public void responseFailed(Call call, IOException ioe) {
    first.responseFailed(call, ioe);
    second.responseFailed(call, ioe);
  }

  @Override
  public void callEnd(Call call) {
    first.callEnd(call);
    second.callEnd(call);
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    first.callFailed(call, ioe);
    second.callFailed(call, ioe);
  }

  @Override
  public void canceled(Call call) {
    first.canceled(call);
    second.canceled(call);
  }

  @Override
  public void satisfactionFailure(Call call, Response response) {
    first.satisfactionFailure(call, response);
    second.satisfactionFailure(call, response);
  }

  @Override
  public void cacheHit(Call call, Response cachedResponse) {
    first.cacheHit(call, cachedResponse);
    second.cacheHit(call, cachedResponse);
  }

  @Override
  public void cacheMiss(Call call) {
    first.cacheMiss(call);
    second.cacheMiss(call);
  }

  @Override
  public void cacheConditionalHit(Call call, Response cachedResponseWithNoBody) {
    first.cacheConditionalHit(call, cachedResponseWithNoBody);
    second.cacheConditionalHit(call, cachedResponseWithNoBody);
  }
}

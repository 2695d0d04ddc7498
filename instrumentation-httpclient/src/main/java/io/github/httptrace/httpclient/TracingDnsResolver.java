package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Logs DNSStart and DNSDone around the resolver a connection manager was given. The classic client resolves on
 * the thread running the attempt, which is how the lookup finds its exchange; IP literals, which the client
 * also passes through here, log nothing.
 */
final class TracingDnsResolver implements DnsResolver {
  private final DnsResolver delegate;

  TracingDnsResolver(DnsResolver delegate) {
    this.delegate = delegate;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    TracedExchange exchange = observed(host);
    if (exchange == null) return delegate.resolve(host);
    try {
      InetAddress[] addresses = delegate.resolve(host);
      Safe.run("httpclient.dnsDone", () -> exchange.lookedUp(addresses));
      return addresses;
    } catch (UnknownHostException | RuntimeException | Error e) {
      Safe.run("httpclient.dnsFailed", () -> exchange.lookupFailed(e));
      throw e;
    }
  }

  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    TracedExchange exchange = observed(host);
    if (exchange == null) return delegate.resolve(host, port);
    try {
      List<InetSocketAddress> addresses = delegate.resolve(host, port);
      InetAddress[] ips = addresses.stream().map(InetSocketAddress::getAddress).toArray(InetAddress[]::new);
      Safe.run("httpclient.dnsDone", () -> exchange.lookedUp(ips));
      return addresses;
    } catch (UnknownHostException | RuntimeException | Error e) {
      Safe.run("httpclient.dnsFailed", () -> exchange.lookupFailed(e));
      throw e;
    }
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return delegate.resolveCanonicalHostname(host);
  }

  /** The exchange to log on, with DNSStart logged; null when there is none or {@code host} is an IP literal. */
  private static TracedExchange observed(String host) {
    TracedExchange exchange = TracedExchange.current();
    if (exchange == null) return null;
    Safe.run("httpclient.resolverCalled", exchange::resolverCalled);
    if (isIpLiteral(host)) return null;
    Safe.run("httpclient.dnsStart", () -> exchange.lookupStarted(host));
    return exchange;
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) return true;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if ((c < '0' || c > '9') && c != '.') return false;
    }
    return !host.isEmpty();
  }
}

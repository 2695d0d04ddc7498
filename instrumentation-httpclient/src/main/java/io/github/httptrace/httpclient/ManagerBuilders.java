package io.github.httptrace.httpclient;

import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.nio.AsyncClientConnectionManager;
import org.apache.hc.client5.http.ssl.ConscryptClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;

/**
 * What decoration reads from HttpClient's builders and how it instruments a connection manager's builder: the
 * builder's own resolver and TLS strategy (or the defaults its {@code build()} would pick) are wrapped and set back
 * through its public setters. Loaded only after {@link HttpClientVersion#check()}, as it names 5.4 types.
 */
final class ManagerBuilders {
  private ManagerBuilders() {}

  /**
   * Whether {@code builder} has a connection manager set: its field (the getter exists only from 5.6). When it cannot
   * be read, a manager is taken to be set, so that decoration never replaces one the application set.
   */
  static boolean hasConnectionManager(HttpClientBuilder builder) {
    return BuilderFields.read(builder, "connManager").map(read -> read.value() != null).orElse(true);
  }

  /** As {@link #hasConnectionManager(HttpClientBuilder)}, for the async client's builder. */
  static boolean hasConnectionManager(HttpAsyncClientBuilder builder) {
    return BuilderFields.read(builder, "connManager").map(read -> read.value() != null).orElse(true);
  }

  /**
   * Wraps {@code builder}'s resolver and TLS strategy for {@code tracing}; false, and {@code builder} unchanged, when
   * its configuration cannot be read.
   */
  static boolean instrument(HttpClientTracing tracing, PoolingHttpClientConnectionManagerBuilder builder) {
    Optional<BuilderFields.Read> dns = BuilderFields.read(builder, "dnsResolver");
    Optional<BuilderFields.Read> tls = BuilderFields.read(builder, "tlsSocketStrategy");
    Optional<BuilderFields.Read> system = BuilderFields.read(builder, "systemProperties");
    if (dns.isEmpty() || tls.isEmpty() || !dns.get().isNullOr(DnsResolver.class)
        || !tls.get().isNullOr(TlsSocketStrategy.class)) {
      return false;
    }
    boolean systemProperties = system.map(read -> Boolean.TRUE.equals(read.value())).orElse(false);
    DnsResolver resolver = dns.get().value() != null ? (DnsResolver) dns.get().value()
        : SystemDefaultDnsResolver.INSTANCE;
    // The default PoolingHttpClientConnectionManagerBuilder.build() would pick.
    TlsSocketStrategy strategy = tls.get().value() != null ? (TlsSocketStrategy) tls.get().value()
        : systemProperties ? DefaultClientTlsStrategy.createSystemDefault() : DefaultClientTlsStrategy.createDefault();
    builder.setDnsResolver(tracing.dnsResolver(resolver));
    builder.setTlsSocketStrategy(TracingTlsSocketStrategy.wrap(strategy));
    return true;
  }

  /** As {@link #instrument(HttpClientTracing, PoolingHttpClientConnectionManagerBuilder)}, for the async manager. */
  static boolean instrument(HttpClientTracing tracing, PoolingAsyncClientConnectionManagerBuilder builder) {
    Optional<BuilderFields.Read> dns = BuilderFields.read(builder, "dnsResolver");
    Optional<BuilderFields.Read> tls = BuilderFields.read(builder, "tlsStrategy");
    Optional<BuilderFields.Read> system = BuilderFields.read(builder, "systemProperties");
    if (dns.isEmpty() || tls.isEmpty() || !dns.get().isNullOr(DnsResolver.class)
        || !tls.get().isNullOr(TlsStrategy.class)) {
      return false;
    }
    boolean systemProperties = system.map(read -> Boolean.TRUE.equals(read.value())).orElse(false);
    DnsResolver resolver = dns.get().value() != null ? (DnsResolver) dns.get().value()
        : SystemDefaultDnsResolver.INSTANCE;
    TlsStrategy strategy = tls.get().value() != null ? (TlsStrategy) tls.get().value() : defaultAsyncTls(systemProperties);
    builder.setDnsResolver(tracing.dnsResolver(resolver));
    builder.setTlsStrategy(TracingAsyncTlsStrategy.wrap(strategy));
    return true;
  }

  /**
   * As {@link #instrument(HttpClientTracing, PoolingAsyncClientConnectionManagerBuilder)}, for the HTTP/2 async
   * client's builder, which holds the resolver and TLS strategy itself (no connection manager). Its {@code build()}
   * picks JSSE's default TLS strategy (no Conscrypt) and, without a resolver, the system's.
   */
  static boolean instrument(HttpClientTracing tracing, H2AsyncClientBuilder builder) {
    Optional<BuilderFields.Read> dns = BuilderFields.read(builder, "dnsResolver");
    Optional<BuilderFields.Read> tls = BuilderFields.read(builder, "tlsStrategy");
    Optional<BuilderFields.Read> system = BuilderFields.read(builder, "systemProperties");
    if (dns.isEmpty() || tls.isEmpty() || !dns.get().isNullOr(DnsResolver.class)
        || !tls.get().isNullOr(TlsStrategy.class)) {
      return false;
    }
    boolean systemProperties = system.map(read -> Boolean.TRUE.equals(read.value())).orElse(false);
    DnsResolver resolver = dns.get().value() != null ? (DnsResolver) dns.get().value()
        : SystemDefaultDnsResolver.INSTANCE;
    TlsStrategy strategy = tls.get().value() != null ? (TlsStrategy) tls.get().value()
        : systemProperties ? DefaultClientTlsStrategy.createSystemDefault() : DefaultClientTlsStrategy.createDefault();
    builder.setDnsResolver(tracing.dnsResolver(resolver));
    builder.setTlsStrategy(TracingAsyncTlsStrategy.wrap(strategy));
    return true;
  }

  /** The connection manager {@code decorate} sets on a classic builder without one: every phase reported. */
  static HttpClientConnectionManager classicManager(HttpClientTracing tracing) {
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(tracing.dnsResolver(SystemDefaultDnsResolver.INSTANCE))
        .setTlsSocketStrategy(TracingTlsSocketStrategy.wrap(DefaultClientTlsStrategy.createDefault()))
        .build();
  }

  /** The connection manager {@code decorate} sets on an async builder without one: every phase reported. */
  static AsyncClientConnectionManager asyncManager(HttpClientTracing tracing) {
    return PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(tracing.dnsResolver(SystemDefaultDnsResolver.INSTANCE))
        .setTlsStrategy(TracingAsyncTlsStrategy.wrap(defaultAsyncTls(false)))
        .build();
  }

  /** The default PoolingAsyncClientConnectionManagerBuilder.build() would pick: Conscrypt if present, else JSSE. */
  private static TlsStrategy defaultAsyncTls(boolean systemProperties) {
    if (ConscryptClientTlsStrategy.isSupported()) {
      return systemProperties ? ConscryptClientTlsStrategy.getSystemDefault() : ConscryptClientTlsStrategy.getDefault();
    }
    return systemProperties ? DefaultClientTlsStrategy.createSystemDefault() : DefaultClientTlsStrategy.createDefault();
  }
}

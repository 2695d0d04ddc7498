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
    Optional<Configured> read = Configured.read(builder, "tlsSocketStrategy", TlsSocketStrategy.class);
    if (read.isEmpty()) return false;
    Configured configured = read.get();
    // The default PoolingHttpClientConnectionManagerBuilder.build() would pick.
    TlsSocketStrategy strategy = configured.tls() != null ? (TlsSocketStrategy) configured.tls()
        : configured.systemProperties() ? DefaultClientTlsStrategy.createSystemDefault()
        : DefaultClientTlsStrategy.createDefault();
    builder.setDnsResolver(tracing.dnsResolver(configured.resolver()));
    builder.setTlsSocketStrategy(TracingTlsSocketStrategy.wrap(strategy));
    return true;
  }

  /** As {@link #instrument(HttpClientTracing, PoolingHttpClientConnectionManagerBuilder)}, for the async manager. */
  static boolean instrument(HttpClientTracing tracing, PoolingAsyncClientConnectionManagerBuilder builder) {
    Optional<Configured> read = Configured.read(builder, "tlsStrategy", TlsStrategy.class);
    if (read.isEmpty()) return false;
    Configured configured = read.get();
    TlsStrategy strategy = configured.tls() != null ? (TlsStrategy) configured.tls()
        : defaultAsyncTls(configured.systemProperties());
    builder.setDnsResolver(tracing.dnsResolver(configured.resolver()));
    builder.setTlsStrategy(TracingAsyncTlsStrategy.wrap(strategy));
    return true;
  }

  /**
   * As {@link #instrument(HttpClientTracing, PoolingAsyncClientConnectionManagerBuilder)}, for the HTTP/2 async
   * client's builder, which holds the resolver and TLS strategy itself (no connection manager). Its {@code build()}
   * picks JSSE's default TLS strategy (no Conscrypt) and, without a resolver, the system's.
   */
  static boolean instrument(HttpClientTracing tracing, H2AsyncClientBuilder builder) {
    Optional<Configured> read = Configured.read(builder, "tlsStrategy", TlsStrategy.class);
    if (read.isEmpty()) return false;
    Configured configured = read.get();
    TlsStrategy strategy = configured.tls() != null ? (TlsStrategy) configured.tls()
        : configured.systemProperties() ? DefaultClientTlsStrategy.createSystemDefault()
        : DefaultClientTlsStrategy.createDefault();
    builder.setDnsResolver(tracing.dnsResolver(configured.resolver()));
    builder.setTlsStrategy(TracingAsyncTlsStrategy.wrap(strategy));
    return true;
  }

  /**
   * What a builder was configured with, read from its fields (the builders have no getters): its resolver (the
   * system's when none was set), its TLS strategy (null when none was set) and whether it honours system properties.
   */
  private record Configured(DnsResolver resolver, Object tls, boolean systemProperties) {
    /** Empty when a field is missing or holds something other than its type (a version we do not know). */
    static Optional<Configured> read(Object builder, String tlsField, Class<?> tlsType) {
      Optional<BuilderFields.Read> dns = BuilderFields.read(builder, "dnsResolver");
      Optional<BuilderFields.Read> tls = BuilderFields.read(builder, tlsField);
      if (dns.isEmpty() || tls.isEmpty() || !dns.get().isNullOr(DnsResolver.class) || !tls.get().isNullOr(tlsType)) {
        return Optional.empty();
      }
      boolean systemProperties = BuilderFields.read(builder, "systemProperties")
          .map(read -> Boolean.TRUE.equals(read.value())).orElse(false);
      DnsResolver resolver = dns.get().value() != null ? (DnsResolver) dns.get().value()
          : SystemDefaultDnsResolver.INSTANCE;
      return Optional.of(new Configured(resolver, tls.get().value(), systemProperties));
    }
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

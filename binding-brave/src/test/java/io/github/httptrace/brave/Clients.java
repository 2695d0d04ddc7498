package io.github.httptrace.brave;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.net.InetAddress;
import java.util.List;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import okhttp3.OkHttpClient;

/**
 * The three clients as the README wires them on Brave, with a resolver mapping {@value Tls#HOST} to 127.0.0.1 (so
 * DNS events show) and trust in the test certificate.
 */
final class Clients {
  private Clients() {}

  static OkHttpClient okhttp(TracerBinding binding) {
    return OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()
        .dns(host -> host.equals(Tls.HOST) ? List.of(Tls.loopback()) : List.of(InetAddress.getAllByName(host)))
        .sslSocketFactory(Tls.CLIENT.sslSocketFactory(), Tls.CLIENT.trustManager())).build();
  }

  static CloseableHttpClient classic(TracerBinding binding) {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    return tracing.decorate(HttpClients.custom()
        .setConnectionManager(tracing.decorate(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new LoopbackResolver())
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(Tls.CLIENT.sslContext()))).build()))
        .build();
  }

  static CloseableHttpAsyncClient async(TracerBinding binding) {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    CloseableHttpAsyncClient client = tracing.decorate(HttpAsyncClients.custom()
        .setConnectionManager(tracing.decorate(PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(new LoopbackResolver())
            .setTlsStrategy(new DefaultClientTlsStrategy(Tls.CLIENT.sslContext()))).build()))
        .build();
    client.start();
    return client;
  }

  /** {@value Tls#HOST} is 127.0.0.1; other names resolve as usual. */
  static final class LoopbackResolver extends SystemDefaultDnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
      return host.equals(Tls.HOST) ? new InetAddress[] {Tls.loopback()} : super.resolve(host);
    }
  }
}

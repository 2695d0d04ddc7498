package io.github.httptrace.it.realtracers;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** A traced HTTP client, OkHttp 5 or Apache HttpClient 5 (classic), that resolves every host to 127.0.0.1. */
interface TracedClient extends AutoCloseable {
  /** The body of a 2xx response to GET {@code url}, redirects followed. */
  String get(String url) throws IOException;

  @Override
  void close() throws IOException;

  /** Which client library. */
  enum Library {
    OKHTTP, HTTPCLIENT;

    TracedClient open(TracerBinding binding) {
      return this == OKHTTP ? okHttp(binding) : httpClient(binding);
    }
  }

  // A host name resolved by the client, so that the trace shows DNS; it never leaves the loopback address.
  private static InetAddress loopback(String host) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
  }

  private static TracedClient okHttp(TracerBinding binding) {
    OkHttpClient client = OkHttpTracing.with(binding)
        .decorate(new OkHttpClient.Builder().dns(host -> List.of(loopback(host))))
        .build();
    return new TracedClient() {
      @Override
      public String get(String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
          String body = response.body().string();
          if (!response.isSuccessful()) throw new IOException("HTTP " + response.code() + ": " + body);
          return body;
        }
      }

      @Override
      public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  private static TracedClient httpClient(TracerBinding binding) {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    DnsResolver resolver = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return new InetAddress[] {loopback(host)};
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    CloseableHttpClient client = tracing.decorate(HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(tracing.dnsResolver(resolver))
            .setTlsSocketStrategy(tracing.tlsSocketStrategy(DefaultClientTlsStrategy.createDefault()))
            .build()))
        .build();
    return new TracedClient() {
      @Override
      public String get(String url) throws IOException {
        return client.execute(new HttpGet(url), response -> {
          String body = EntityUtils.toString(response.getEntity());
          if (response.getCode() >= 300) throw new IOException("HTTP " + response.getCode() + ": " + body);
          return body;
        });
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }
}

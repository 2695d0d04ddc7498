package io.github.httptrace.samples.gettime;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.core.TracerBinding;
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

/**
 * The client's whole job as one span, {@code gettime}: it calls {@code http://localhost:PORT/} through a traced
 * client (OkHttp or Apache HttpClient 5), which follows the redirect, so the attempts, their events and the
 * server's spans all land under it.
 */
final class GetTimeClient implements AutoCloseable {
  /** Fetches a URL's body as text, failing on a non-2xx status. */
  private interface Fetcher extends AutoCloseable {
    String fetch(String url) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final SampleTracer tracer;
  private final Fetcher fetcher;

  GetTimeClient(SampleTracer tracer, String library) {
    this.tracer = tracer;
    this.fetcher = library.equals("httpclient") ? httpClient(tracer.binding()) : okHttp(tracer.binding());
  }

  /** Gets the time; the job span's trace id is returned through {@code traceId} for the caller to find its trace. */
  String getTime(int port, String[] traceId) throws IOException {
    return tracer.job("gettime", () -> fetcher.fetch("http://localhost:" + port + "/"), traceId);
  }

  @Override
  public void close() throws IOException {
    fetcher.close();
  }

  // A host name, so name resolution shows in the trace; it only ever resolves to the loopback address.
  private static InetAddress loopback(String host) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
  }

  private static Fetcher okHttp(TracerBinding binding) {
    OkHttpClient client = OkHttpTracing.with(binding)
        .decorate(new OkHttpClient.Builder().dns(host -> List.of(loopback(host))))
        .build();
    return new Fetcher() {
      @Override
      public String fetch(String url) throws IOException {
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

  private static Fetcher httpClient(TracerBinding binding) {
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
    return new Fetcher() {
      @Override
      public String fetch(String url) throws IOException {
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

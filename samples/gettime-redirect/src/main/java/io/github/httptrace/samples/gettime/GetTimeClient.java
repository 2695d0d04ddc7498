package io.github.httptrace.samples.gettime;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
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

  private final Tracer tracer;
  private final Fetcher fetcher;

  GetTimeClient(Tracer tracer, String library) {
    this.tracer = tracer;
    this.fetcher = library.equals("httpclient") ? httpClient(tracer) : okHttp(tracer);
  }

  /** Gets the time; the span of the job is returned through {@code job} for the caller to find its trace. */
  String getTime(int port, Span[] job) throws IOException {
    Span span = tracer.buildSpan("gettime").start();
    job[0] = span;
    try (Scope scope = tracer.activateSpan(span)) {
      return fetcher.fetch("http://localhost:" + port + "/");
    } catch (IOException | RuntimeException e) {
      // The job's own failure, in OpenTracing's conventions; the client's spans record theirs themselves.
      Tags.ERROR.set(span, true);
      span.log(Map.of(Fields.EVENT, "error", Fields.ERROR_KIND, e.getClass().getName(), Fields.ERROR_OBJECT, e,
          Fields.MESSAGE, String.valueOf(e.getMessage())));
      throw e;
    } finally {
      span.finish();
    }
  }

  @Override
  public void close() throws IOException {
    fetcher.close();
  }

  // A host name, so name resolution shows in the trace; it only ever resolves to the loopback address.
  private static InetAddress loopback(String host) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
  }

  private static Fetcher okHttp(Tracer tracer) {
    OkHttpClient client = OkHttpTracing.create(tracer)
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

  private static Fetcher httpClient(Tracer tracer) {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
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

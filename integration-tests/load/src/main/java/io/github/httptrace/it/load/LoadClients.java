package io.github.httptrace.it.load;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.opentracing.Tracer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The three clients of the load run (OkHttp, HttpClient 5 classic, HttpClient 5 async), each traced (lifecycle
 * events on) or not, each pooling up to the run's concurrency of connections to one host, following redirects. They
 * call {@code http://localhost:PORT/}; the name resolves, through each client's own resolver, to 127.0.0.1 only, so
 * name resolution shows in the trace and nothing leaves the machine.
 */
public final class LoadClients {
  private LoadClients() {}

  /** How long one request may take before it counts as an error. */
  static final int REQUEST_TIMEOUT_SECONDS = 30;

  /** One client: a GET followed to its end, body read, answering the final status and body. */
  public interface Client extends AutoCloseable {
    /** {@code okhttp}, {@code httpclient-classic} or {@code httpclient-async}. */
    String name();

    /** GETs {@code url}, following redirects, reading the body to its end. */
    Result get(String url) throws Exception;

    @Override
    void close() throws IOException;
  }

  /**
   * A final response.
   *
   * @param status its status
   * @param body its body
   */
  public record Result(int status, String body) {}

  /** The three clients, traced through {@code tracer} (lifecycle events on), or untraced if it is null. */
  public static List<Client> create(Tracer tracer, int maxConnections) {
    return List.of(okHttp(tracer, maxConnections), classic(tracer, maxConnections), async(tracer, maxConnections));
  }

  static InetAddress loopback(String host) throws UnknownHostException {
    return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
  }

  private static DnsResolver loopbackResolver() {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return new InetAddress[] {loopback(host)};
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
  }

  static Client okHttp(Tracer tracer, int maxConnections) {
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .dns(host -> List.of(loopback(host)))
        // Keep as many idle connections as there are workers, or each burst opens new ones.
        .connectionPool(new ConnectionPool(maxConnections, 1, TimeUnit.MINUTES))
        .callTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (tracer != null) {
      builder = OkHttpTracing.newBuilder(tracer).lifecycleEvents(true).build().decorate(builder);
    }
    OkHttpClient client = builder.build();
    return new Client() {
      @Override
      public String name() {
        return "okhttp";
      }

      @Override
      public Result get(String url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
          return new Result(response.code(), response.body().string());
        }
      }

      @Override
      public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    };
  }

  static Client classic(Tracer tracer, int maxConnections) {
    HttpClientTracing tracing =
        tracer == null ? null : HttpClientTracing.newBuilder(tracer).lifecycleEvents(true).build();
    PoolingHttpClientConnectionManagerBuilder manager = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(loopbackResolver())
        .setMaxConnPerRoute(maxConnections)
        .setMaxConnTotal(maxConnections)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .setSocketTimeout(Timeout.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .build());
    // The traced manager reports DNS and connect phases too.
    if (tracing != null) manager = tracing.decorate(manager);
    HttpClientBuilder builder = HttpClients.custom().setConnectionManager(manager.build());
    if (tracing != null) builder = tracing.decorate(builder);
    CloseableHttpClient client = builder.build();
    return new Client() {
      @Override
      public String name() {
        return "httpclient-classic";
      }

      @Override
      public Result get(String url) throws IOException {
        return client.execute(new HttpGet(url),
            response -> new Result(response.getCode(), EntityUtils.toString(response.getEntity())));
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  static Client async(Tracer tracer, int maxConnections) {
    HttpClientTracing tracing =
        tracer == null ? null : HttpClientTracing.newBuilder(tracer).lifecycleEvents(true).build();
    PoolingAsyncClientConnectionManagerBuilder manager = PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(loopbackResolver())
        .setMaxConnPerRoute(maxConnections)
        .setMaxConnTotal(maxConnections)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .setSocketTimeout(Timeout.ofSeconds(REQUEST_TIMEOUT_SECONDS))
            .build());
    if (tracing != null) manager = tracing.decorate(manager);
    HttpAsyncClientBuilder builder = HttpAsyncClients.custom().setConnectionManager(manager.build());
    if (tracing != null) builder = tracing.decorate(builder);
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    return new Client() {
      @Override
      public String name() {
        return "httpclient-async";
      }

      @Override
      public Result get(String url) throws Exception {
        SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(url).build(), null)
            .get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return new Result(response.getCode(), response.getBodyText());
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }
}

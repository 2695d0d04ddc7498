package io.github.httptrace.httpclient;

import io.github.httptrace.core.HttpTags;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.client.ClientRequest;
import io.github.httptrace.testkit.client.ClientResponse;
import io.github.httptrace.testkit.client.ClientSetup;
import io.github.httptrace.testkit.client.ClientUnderTest;
import io.github.httptrace.testkit.client.DecoratorHook;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TracedClient;
import io.opentracing.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5, decorated by {@link HttpClientTracing}, as the client conformance suite drives it: {@link
 * #CLASSIC} calls {@code CloseableHttpClient.execute} with a response handler on the sending thread.
 *
 * <p>The client is the one a user builds with their own connection manager: a {@code
 * PoolingHttpClientConnectionManagerBuilder} given the suite's resolver and TLS context, each wrapped by the
 * tracing ({@link HttpClientTracing#dnsResolver}, {@link HttpClientTracing#tlsSocketStrategy}), then {@code
 * decorate}. Its retry strategy is HttpClient's default for I/O failures (one retry of an idempotent request) but
 * does not retry on a 503 or 429 status: the suite answers a single 503 and expects one attempt.
 */
enum HttpClientClients implements ClientUnderTest {
  /** Blocking calls: {@code CloseableHttpClient.execute(request, context, handler)} on the sending thread. */
  CLASSIC;

  private static final long OUTCOME_SECONDS = 10;

  @Override
  public String component() {
    return HttpTags.COMPONENT_HTTPCLIENT;
  }

  @Override
  public boolean asynchronous() {
    return false;
  }

  @Override
  public TracedClient create(ClientSetup setup) {
    HttpClientTracing.Builder options = HttpClientTracing.newBuilder(setup.tracer())
        .lifecycleEvents(setup.lifecycleEvents())
        .callSpan(setup.callSpan());
    if (setup.failingHook() != null) options.decorator(new FailingDecorator(setup.failingHook()));
    HttpClientTracing tracing = options.build();
    TlsSocketStrategy tls = setup.sslContext() == null
        ? DefaultClientTlsStrategy.createDefault()
        : new DefaultClientTlsStrategy(setup.sslContext());
    Timeout readTimeout = Timeout.of(setup.readTimeout());
    HttpClientBuilder builder = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(tracing.dnsResolver(dns(setup.resolver())))
            .setTlsSocketStrategy(tracing.tlsSocketStrategy(tls))
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofSeconds(5))
                .setSocketTimeout(readTimeout)
                .build())
            .setMaxConnPerRoute(20)
            .setMaxConnTotal(40)
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(10))
            .setResponseTimeout(readTimeout)
            .build())
        .setRetryStrategy(new IoRetriesOnly());
    return new Classic(tracing.decorate(builder).build(), setup.probe());
  }

  /** The suite's resolver as HttpClient's {@link DnsResolver}. */
  static DnsResolver dns(LoopbackResolver resolver) {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return resolver.resolve(host).toArray(new InetAddress[0]);
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
  }

  /** {@code request} as HttpClient's own request: an {@link HttpUriRequestBase}, so it can be canceled. */
  static HttpUriRequestBase toHttpClient(ClientRequest request) {
    HttpUriRequestBase converted = new HttpUriRequestBase(request.method(), request.url());
    request.headers().forEach(converted::setHeader);
    if (request.body() != null) {
      converted.setEntity(new StringEntity(request.body(), ContentType.create("text/plain", StandardCharsets.UTF_8)));
    }
    return converted;
  }

  /** A context carrying {@code request}'s explicit parent, if any. */
  static HttpClientContext contextOf(ClientRequest request) {
    HttpClientContext context = HttpClientContext.create();
    if (request.explicitParent() != null) {
      context.setAttribute(HttpClientTracing.PARENT_CONTEXT, request.explicitParent());
    }
    return context;
  }

  /** Reads the whole body (the client closes the response after the handler). */
  static ClientResponse read(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    String body;
    try {
      body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
    } catch (org.apache.hc.core5.http.ParseException e) {
      throw new IOException(e);
    }
    return new ClientResponse(response.getCode(), body);
  }

  private static final class Classic implements TracedClient {
    private final CloseableHttpClient client;
    private final ActiveSpanProbe probe;
    private final ExecutorService starter;

    Classic(CloseableHttpClient client, ActiveSpanProbe probe) {
      this.client = client;
      this.probe = probe;
      AtomicInteger threads = new AtomicInteger();
      this.starter = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "httpclient-execute-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
    }

    /**
     * Executes on this thread. The probe records around the whole call, body read and response closed included:
     * the application's view, outside everything the instrumentation put into the client.
     */
    @Override
    public ClientResponse send(ClientRequest request) throws IOException {
      return execute(toHttpClient(request), contextOf(request));
    }

    private ClientResponse execute(HttpUriRequestBase request, HttpClientContext context) throws IOException {
      record();
      try {
        return client.execute(request, context, HttpClientClients::read);
      } finally {
        record();
      }
    }

    private void record() {
      if (probe != null) probe.record(ClientSetup.PROBE_INTERCEPTOR);
    }

    @Override
    public Cancelable start(ClientRequest request) {
      // Created here, executed on a thread of the client's own, so that this thread is free to cancel it.
      HttpUriRequestBase converted = toHttpClient(request);
      HttpClientContext context = contextOf(request);
      CompletableFuture<ClientResponse> outcome = new CompletableFuture<>();
      starter.execute(() -> {
        try {
          outcome.complete(execute(converted, context));
        } catch (Throwable e) {
          outcome.completeExceptionally(e);
        }
      });
      return new Cancelable() {
        @Override
        public void cancel() {
          converted.cancel();
        }

        @Override
        public ClientResponse outcome() throws Exception {
          try {
            return outcome.get(OUTCOME_SECONDS, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
            throw (Error) e.getCause();
          } catch (TimeoutException e) {
            converted.cancel();
            throw new AssertionError("no outcome within " + OUTCOME_SECONDS + " s for " + converted, e);
          }
        }
      };
    }

    @Override
    public void close() {
      starter.shutdownNow();
      client.close(CloseMode.IMMEDIATE);
    }
  }

  /** HttpClient's default retries of I/O failures, without its retries of a 503 or 429 status. */
  static final class IoRetriesOnly extends DefaultHttpRequestRetryStrategy {
    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }
  }

  /** A decorator whose one hook throws on every call, and whose other hooks do nothing. */
  static final class FailingDecorator implements HttpClientSpanDecorator {
    private final DecoratorHook failing;

    FailingDecorator(DecoratorHook failing) {
      this.failing = failing;
    }

    @Override
    public void onRequest(HttpRequest request, Span span) {
      if (failing == DecoratorHook.ON_REQUEST) throw failing.failure();
    }

    @Override
    public void onResponse(HttpResponse response, Span span) {
      if (failing == DecoratorHook.ON_RESPONSE) throw failing.failure();
    }

    @Override
    public void onError(Throwable error, Span span) {
      if (failing == DecoratorHook.ON_ERROR) throw failing.failure();
    }
  }
}

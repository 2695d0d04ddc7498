package io.github.httptrace.httpclient;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.client.ClientRequest;
import io.github.httptrace.testkit.client.ClientResponse;
import io.github.httptrace.testkit.client.ClientSetup;
import io.github.httptrace.testkit.client.ClientUnderTest;
import io.github.httptrace.testkit.client.DecoratorHook;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TracedClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.function.Decorator;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.Command;
import org.apache.hc.core5.reactor.IOEventHandler;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5, decorated by {@link HttpClientTracing}, as the client conformance suite drives it: {@link
 * #CLASSIC} calls {@code CloseableHttpClient.execute} with a response handler on the sending thread, {@link #ASYNC}
 * calls {@code CloseableHttpAsyncClient.execute} and waits for its future.
 *
 * <p>The client is the one a user builds with their own connection manager: a {@code
 * PoolingHttpClientConnectionManagerBuilder} given the suite's resolver and TLS context, each wrapped by the
 * tracing ({@link HttpClientTracing#dnsResolver}, {@link HttpClientTracing#tlsSocketStrategy}), or, for the
 * {@code _INSTRUMENTED} clients, given them as they are and instrumented by {@code
 * tracing.decorate(managerBuilder)} last; then the client builder is decorated. Its retry strategy is HttpClient's default for I/O failures (one retry of an idempotent request) but
 * does not retry on a 503 or 429 status: the suite answers a single 503 and expects one attempt. The async client
 * is built the same way with a {@code PoolingAsyncClientConnectionManagerBuilder} ({@link
 * HttpClientTracing#tlsStrategy} for its TLS strategy), speaking HTTP/1.1 only.
 *
 * <p>The tracing is built from the setup's binding ({@link HttpClientTracing#newBuilderWith}), so a binding module
 * runs the suite with these same clients through this module's test jar.
 */
public enum HttpClientClients implements ClientUnderTest {
  /** Blocking calls: {@code CloseableHttpClient.execute(request, context, handler)} on the sending thread. */
  CLASSIC(false, false),
  /**
   * Asynchronous calls: {@code CloseableHttpAsyncClient.execute(producer, consumer, context, callback)}, the body
   * read whole by a {@code SimpleResponseConsumer}, the outcome taken from the returned future.
   */
  ASYNC(true, false) {
    @Override
    public boolean cancelsThroughFuture() {
      return true;
    }
  },
  /**
   * {@link #CLASSIC} with the connection manager the application builds with its own resolver and TLS strategy,
   * instrumented by the one call {@code tracing.decorate(PoolingHttpClientConnectionManagerBuilder)}.
   */
  CLASSIC_INSTRUMENTED(false, true),
  /** {@link #ASYNC} with its own manager instrumented by {@code decorate(PoolingAsyncClientConnectionManagerBuilder)}. */
  ASYNC_INSTRUMENTED(true, true) {
    @Override
    public boolean cancelsThroughFuture() {
      return true;
    }
  };

  private static final long OUTCOME_SECONDS = 10;

  private final boolean asynchronous;
  /** Whether the manager's builder is decorated (else the resolver and TLS strategy are wrapped one by one). */
  private final boolean instrumentedBuilder;

  HttpClientClients(boolean asynchronous, boolean instrumentedBuilder) {
    this.asynchronous = asynchronous;
    this.instrumentedBuilder = instrumentedBuilder;
  }

  @Override
  public String component() {
    return HttpTags.COMPONENT_HTTPCLIENT;
  }

  @Override
  public boolean asynchronous() {
    return asynchronous;
  }

  /** The async client's response consumers read each body themselves: the application cannot stop them early. */
  @Override
  public boolean closesBodiesEarly() {
    return !asynchronous;
  }

  /** A response without a body has no entity: the attempt ends at its headers. */
  @Override
  public boolean closesBodilessResponses() {
    return false;
  }

  /**
   * HttpClient refuses a circular redirect by default: it follows {@code /loop} once, then the same location again
   * is a {@code CircularRedirectException}, before its 50-redirect limit matters.
   */
  @Override
  public int redirectLoopRequests() {
    return 2;
  }

  @Override
  public TracedClient create(ClientSetup setup) {
    HttpClientTracing tracing = tracing(setup);
    return asynchronous
        ? createAsync(tracing, setup, instrumentedBuilder)
        : createClassic(tracing, setup, instrumentedBuilder);
  }

  /** The tracing as {@code setup} says: its binding, options and failing decorator hook. */
  static HttpClientTracing tracing(ClientSetup setup) {
    HttpClientTracing.Builder options = HttpClientTracing.newBuilderWith(setup.binding())
        .lifecycleEvents(setup.lifecycleEvents())
        .callSpan(setup.callSpan());
    if (setup.failingHook() != null) options.decorator(new FailingDecorator(setup.failingHook()));
    return options.build();
  }

  private static TracedClient createClassic(HttpClientTracing tracing, ClientSetup setup, boolean instrumented) {
    TlsSocketStrategy tls = setup.sslContext() == null
        ? DefaultClientTlsStrategy.createDefault()
        : new DefaultClientTlsStrategy(setup.sslContext());
    Timeout readTimeout = Timeout.of(setup.readTimeout());
    PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(instrumented ? dns(setup.resolver()) : tracing.dnsResolver(dns(setup.resolver())))
        .setTlsSocketStrategy(instrumented ? tls : tracing.tlsSocketStrategy(tls))
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(setup.connectTimeout()))
            .setSocketTimeout(readTimeout)
            .build())
        .setMaxConnPerRoute(20)
        .setMaxConnTotal(40);
    if (instrumented) tracing.decorate(connections);
    HttpClientBuilder builder = HttpClients.custom()
        .setConnectionManager(connections.build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(10))
            .setResponseTimeout(readTimeout)
            .build())
        .setRetryStrategy(new IoRetriesOnly());
    return new Classic(tracing.decorate(builder).build(), setup.probe());
  }

  /**
   * The async client: its own pooling connection manager (the suite's resolver and TLS context, wrapped by the
   * tracing one by one or through the decorated manager builder, HTTP/1.1 only, the read timeout as socket and response timeout), retrying a dropped connection
   * once ({@link DroppedConnectionRetries}); {@link OutermostInterceptor} is added after {@code decorate}, first,
   * so it is outermost. Its I/O reactor starts no I/O event while a request is being handed to a connection ({@link
   * EnqueueGate}).
   */
  private static TracedClient createAsync(HttpClientTracing tracing, ClientSetup setup, boolean instrumented) {
    Timeout readTimeout = Timeout.of(setup.readTimeout());
    TlsStrategy tls = setup.sslContext() == null
        ? DefaultClientTlsStrategy.createDefault()
        : new DefaultClientTlsStrategy(setup.sslContext());
    PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(instrumented ? dns(setup.resolver()) : tracing.dnsResolver(dns(setup.resolver())))
        .setTlsStrategy(instrumented ? tls : tracing.tlsStrategy(tls))
        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(setup.connectTimeout()))
            .setSocketTimeout(readTimeout)
            .build())
        .setMaxConnPerRoute(20)
        .setMaxConnTotal(40);
    if (instrumented) tracing.decorate(connections);
    HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
        .setConnectionManager(connections.build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(Timeout.ofSeconds(10))
            .setResponseTimeout(readTimeout)
            .build())
        .setRetryStrategy(new DroppedConnectionRetries());
    EnqueueGate gate = new EnqueueGate();
    builder.setIoSessionDecorator(gate).setIOSessionListener(gate);
    tracing.decorate(builder);
    ActiveSpanProbe probe = setup.probe();
    builder.addExecInterceptorFirst("conformance-outermost", new OutermostInterceptor(probe));
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    return new Async(client, probe);
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
    if (request.body() != null && request.chunked()) {
      // Of unknown length: sent chunked.
      converted.setEntity(new InputStreamEntity(
          new ByteArrayInputStream(request.body().getBytes(StandardCharsets.UTF_8)), -1L, TEXT));
    } else if (request.body() != null) {
      converted.setEntity(new StringEntity(request.body(), TEXT));
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

    /** Opens the response, reads at most {@code bytes} of its entity and closes it, the rest unread. */
    @Override
    public ClientResponse sendAndCloseAfter(ClientRequest request, int bytes) throws IOException {
      record();
      try (ClassicHttpResponse response = client.executeOpen(null, toHttpClient(request), contextOf(request))) {
        HttpEntity entity = response.getEntity();
        byte[] read = entity == null ? new byte[0] : entity.getContent().readNBytes(bytes);
        return new ClientResponse(response.getCode(), new String(read, StandardCharsets.UTF_8));
      } finally {
        record();
      }
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

  private static final ContentType TEXT = ContentType.create("text/plain", StandardCharsets.UTF_8);

  /** What sends {@code request} on the async client: its body whole, or streamed (chunked) when it asks so. */
  static AsyncRequestProducer producerOf(ClientRequest request) {
    if (request.body() == null || !request.chunked()) return SimpleRequestProducer.create(toAsync(request));
    SimpleHttpRequest head = toAsync(new ClientRequest(request.method(), request.url(), request.headers(), null,
        request.explicitParent()));
    return new BasicRequestProducer(head,
        new BasicAsyncEntityProducer(request.body().getBytes(StandardCharsets.UTF_8), TEXT, true));
  }

  /** {@code request} as the async client's own request, its body text/plain in UTF-8. */
  static SimpleHttpRequest toAsync(ClientRequest request) {
    SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.method()).setUri(request.url());
    request.headers().forEach(builder::setHeader);
    if (request.body() != null) {
      builder.setBody(request.body(), ContentType.create("text/plain", StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /** The whole body, read by the consumer, as UTF-8 text. */
  static ClientResponse read(SimpleHttpResponse response) {
    byte[] body = response.getBodyBytes();
    return new ClientResponse(response.getCode(), body == null ? "" : new String(body, StandardCharsets.UTF_8));
  }

  private static final class Async implements TracedClient {
    private final CloseableHttpAsyncClient client;
    private final ActiveSpanProbe probe;

    Async(CloseableHttpAsyncClient client, ActiveSpanProbe probe) {
      this.client = client;
      this.probe = probe;
    }

    @Override
    public ClientResponse send(ClientRequest request) throws Exception {
      return start(request).outcome();
    }

    @Override
    public Cancelable start(ClientRequest request) {
      SimpleHttpRequest converted = toAsync(request);
      HttpClientContext context = contextOf(request);
      CompletableFuture<Void> exchangeEnded = new CompletableFuture<>();
      context.setAttribute(OutermostInterceptor.EXCHANGE_ENDED, exchangeEnded);
      // The future is done before its callback runs: the outcome waits for the callback too, as the application's
      // own continuation would.
      CompletableFuture<Void> calledBack = new CompletableFuture<>();
      Future<SimpleHttpResponse> future = client.execute(producerOf(request),
          SimpleResponseConsumer.create(), context, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse result) {
              record(calledBack);
            }

            @Override
            public void failed(Exception ex) {
              record(calledBack);
            }

            @Override
            public void cancelled() {
              record(calledBack);
            }
          });
      return new Cancelable() {
        @Override
        public void cancel() {
          context.setAttribute(DroppedConnectionRetries.CANCELED, Boolean.TRUE);
          future.cancel(true);
        }

        @Override
        public ClientResponse outcome() throws Exception {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OUTCOME_SECONDS);
          try {
            ClientResponse response = read(future.get(OUTCOME_SECONDS, TimeUnit.SECONDS));
            // The future completes at the end of the body, before the client releases the connection; the
            // outcome is there once the exchange has ended, its connection back in the pool.
            exchangeEnded.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            calledBack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return response;
          } catch (ExecutionException e) {
            calledBack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            throw unwrap(e.getCause());
          } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("no outcome within " + OUTCOME_SECONDS + " s for " + converted, e);
          }
        }
      };
    }

    private void record(CompletableFuture<Void> calledBack) {
      try {
        if (probe != null) probe.record(ClientSetup.PROBE_CALLBACK);
      } finally {
        calledBack.complete(null);
      }
    }

    @Override
    public void close() {
      client.close(CloseMode.GRACEFUL);
    }
  }

  /**
   * What the future failed with, as the application meets it: an {@link Exception} as it is, except that a
   * protocol failure ({@link HttpException}, e.g. a circular redirect) is wrapped in a {@link
   * ClientProtocolException}, an {@link IOException} caused by it, as the classic client throws it.
   */
  static Exception unwrap(Throwable cause) {
    if (cause instanceof HttpException) return new ClientProtocolException(cause.getMessage(), cause);
    if (cause instanceof Exception) return (Exception) cause;
    throw (Error) cause;
  }

  /**
   * Outermost in the exec chain. It tells the adapter when the exchange has ended ({@link #EXCHANGE_ENDED}): after
   * the client's own completion, which releases the connection, returns. With a probe, it records when the final
   * response arrives (before its body is read) and when the call completes or fails, on the client's I/O threads.
   * It records nothing when the chain starts, which is on the thread calling {@code execute}, where the caller's
   * own span is rightly active.
   */
  static final class OutermostInterceptor implements AsyncExecChainHandler {
    /** The context attribute holding the {@code CompletableFuture<Void>} completed when the exchange has ended. */
    static final String EXCHANGE_ENDED = "conformance.exchangeEnded";

    private final ActiveSpanProbe probe;

    OutermostInterceptor(ActiveSpanProbe probe) {
      this.probe = probe;
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
        AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
      @SuppressWarnings("unchecked")
      CompletableFuture<Void> ended = (CompletableFuture<Void>) scope.clientContext.getAttribute(EXCHANGE_ENDED);
      chain.proceed(request, entityProducer, scope, new AsyncExecCallback() {
        @Override
        public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
            throws HttpException, IOException {
          record();
          return callback.handleResponse(response, entityDetails);
        }

        @Override
        public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
          callback.handleInformationResponse(response);
        }

        @Override
        public void completed() {
          record();
          try {
            callback.completed();
          } finally {
            if (ended != null) ended.complete(null);
          }
        }

        @Override
        public void failed(Exception cause) {
          record();
          try {
            callback.failed(cause);
          } finally {
            if (ended != null) ended.complete(null);
          }
        }
      });
    }

    private void record() {
      if (probe != null) probe.record(ClientSetup.PROBE_INTERCEPTOR);
    }
  }

  /**
   * The async client's retries: a request the peer dropped without a response (over HTTP/1.1 a {@link
   * ConnectionClosedException}, or a {@link NoHttpResponseException}) is retried once if idempotent; nothing else
   * is, and no status is. Nor is a call the application canceled ({@link #CANCELED} in its context): HttpClient
   * reports a canceled exchange failed again when its connection is closed, a {@code ConnectionClosedException}
   * that would otherwise be retried, and its retry check of cancellation sees only a cancellable request, which
   * the async request is not.
   */
  static final class DroppedConnectionRetries extends DefaultHttpRequestRetryStrategy {
    /** The context attribute the adapter sets when the application cancels the call. */
    static final String CANCELED = "conformance.canceled";

    DroppedConnectionRetries() {
      super(1, TimeValue.ZERO_MILLISECONDS, List.of(), List.of());
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
      return (exception instanceof ConnectionClosedException || exception instanceof NoHttpResponseException)
          && context.getAttribute(CANCELED) == null
          && super.retryRequest(request, exception, execCount, context);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }
  }

  /**
   * Keeps the async client's I/O reactor from starting an I/O event (input or output) on any connection while a
   * command, such as a request, is being enqueued on a connection: a request handed to a connection is then always
   * enqueued whole before the reactor writes it, so the peer cannot have read it and closed the connection while the
   * enqueue is still running.
   *
   * <p>Why: HttpCore 5.3.4 (the one HttpClient 5.4.4 was released with) enqueues a request in {@code
   * IOSessionImpl.enqueue} by adding it to the queue, asking the reactor to write ({@code setEvent}), and only then
   * checking whether the connection is closed, cancelling the command if it is. When the reactor wrote the request,
   * the peer read it and closed the connection, and the reactor failed the exchange on that close, all before that
   * check (loopback is that fast), the exchange fails a second time, with {@code RequestNotExecutedException:
   * Connection is closed} on the calling thread, and that second failure ends the call although a retry of the first
   * was already under way. It happens without any tracing (an undecorated client, same peer: 7 of 400 runs on
   * 5.4.4, 0 of 300 on 5.5.2 and 5.6.5); HttpCore 5.3.6 and later check the connection before {@code setEvent}. The
   * gate rules out only that interleaving, for every version: the request still goes out at once, on the reactor's
   * thread, and everything after the enqueue runs concurrently as without it. A request enqueued by the reactor's
   * own thread (a new connection's first) never raced.
   */
  static final class EnqueueGate implements Decorator<IOSession>, IOSessionListener {
    private final ReentrantReadWriteLock enqueues = new ReentrantReadWriteLock();

    @Override
    public IOSession decorate(IOSession session) {
      return new GatedSession(session, enqueues.readLock());
    }

    /** Waits until no command is being enqueued; called by the reactor before it handles an I/O event. */
    private void awaitEnqueues() {
      enqueues.writeLock().lock();
      enqueues.writeLock().unlock();
    }

    @Override
    public void inputReady(IOSession session) {
      awaitEnqueues();
    }

    @Override
    public void outputReady(IOSession session) {
      awaitEnqueues();
    }

    @Override
    public void connected(IOSession session) {}

    @Override
    public void startTls(IOSession session) {}

    @Override
    public void timeout(IOSession session) {}

    @Override
    public void exception(IOSession session, Exception ex) {}

    @Override
    public void disconnected(IOSession session) {}
  }

  /** An {@link IOSession} whose {@code enqueue} holds {@code enqueuing}; everything else is delegated unchanged. */
  private static final class GatedSession implements IOSession {
    private final IOSession delegate;
    private final Lock enqueuing;

    GatedSession(IOSession delegate, Lock enqueuing) {
      this.delegate = delegate;
      this.enqueuing = enqueuing;
    }

    @Override
    public void enqueue(Command command, Command.Priority priority) {
      enqueuing.lock();
      try {
        delegate.enqueue(command, priority);
      } finally {
        enqueuing.unlock();
      }
    }

    @Override
    public String getId() {
      return delegate.getId();
    }

    @Override
    public IOEventHandler getHandler() {
      return delegate.getHandler();
    }

    @Override
    public void upgrade(IOEventHandler handler) {
      delegate.upgrade(handler);
    }

    @Override
    public Lock getLock() {
      return delegate.getLock();
    }

    @Override
    public boolean hasCommands() {
      return delegate.hasCommands();
    }

    @Override
    public Command poll() {
      return delegate.poll();
    }

    @Override
    public ByteChannel channel() {
      return delegate.channel();
    }

    @Override
    public SocketAddress getRemoteAddress() {
      return delegate.getRemoteAddress();
    }

    @Override
    public SocketAddress getLocalAddress() {
      return delegate.getLocalAddress();
    }

    @Override
    public int getEventMask() {
      return delegate.getEventMask();
    }

    @Override
    public void setEventMask(int ops) {
      delegate.setEventMask(ops);
    }

    @Override
    public void setEvent(int op) {
      delegate.setEvent(op);
    }

    @Override
    public void clearEvent(int op) {
      delegate.clearEvent(op);
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public void close(CloseMode closeMode) {
      delegate.close(closeMode);
    }

    @Override
    public Status getStatus() {
      return delegate.getStatus();
    }

    @Override
    public boolean isOpen() {
      return delegate.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
      return delegate.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
      delegate.setSocketTimeout(timeout);
    }

    @Override
    public long getLastReadTime() {
      return delegate.getLastReadTime();
    }

    @Override
    public long getLastWriteTime() {
      return delegate.getLastWriteTime();
    }

    @Override
    public long getLastEventTime() {
      return delegate.getLastEventTime();
    }

    @Override
    public void updateReadTime() {
      delegate.updateReadTime();
    }

    @Override
    public void updateWriteTime() {
      delegate.updateWriteTime();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return delegate.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return delegate.write(src);
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  /** HttpClient's default retries of I/O failures, without its retries of a 503 or 429 status. */
  static final class IoRetriesOnly extends DefaultHttpRequestRetryStrategy {
    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
      return false;
    }
  }

  /**
   * A decorator whose one hook throws on every call, and whose other hooks do nothing. It takes the span as any
   * binding's own object, so it runs on every binding (an {@link HttpClientSpanDecorator} takes OpenTracing's).
   */
  static final class FailingDecorator implements ClientDecorator<HttpRequest, HttpResponse, Object> {
    private final DecoratorHook failing;

    FailingDecorator(DecoratorHook failing) {
      this.failing = failing;
    }

    @Override
    public void onRequest(HttpRequest request, Object span) {
      if (failing == DecoratorHook.ON_REQUEST) throw failing.failure();
    }

    @Override
    public void onResponse(HttpResponse response, Object span) {
      if (failing == DecoratorHook.ON_RESPONSE) throw failing.failure();
    }

    @Override
    public void onError(Throwable error, Object span) {
      if (failing == DecoratorHook.ON_ERROR) throw failing.failure();
    }
  }
}

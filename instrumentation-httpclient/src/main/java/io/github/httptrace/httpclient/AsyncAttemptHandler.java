package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * Just above CONNECT in the async exec chain, once per attempt (each redirect hop, retry and authentication
 * round) before the connection is leased: starts the attempt's span, sends a copy of the request carrying the
 * attempt's own context, and passes down a runtime, producer and callback that report the attempt's phases. It
 * never makes a span active: the chain goes on to other threads.
 */
final class AsyncAttemptHandler implements AsyncExecChainHandler {
  /** The tracing's hint, told when a connect's phases were hidden from it. */
  private final Runnable phasesHidden;

  AsyncAttemptHandler(Runnable phasesHidden) {
    this.phasesHidden = phasesHidden;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
    TracedExchange exchange = AsyncExchange.of(scope);
    if (exchange == null) {
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    // Once per attempt: each guard is try/catch with Safe.failed, Safe's own rule, not a capturing lambda. The
    // attempt's context is set on HttpClient's own copy of the request for it (see RequestCopy).
    boolean events;
    try {
      events = exchange.beginAttempt(request, scope.route, AttemptThread.current(), phasesHidden);
    } catch (Throwable t) {
      Safe.failed("httpclient.beginAttempt", t);
      events = true;
    }
    if (!events) {
      // The producer and runtime wrappers and the thread binding (for the resolver) serve only lifecycle events: an
      // attempt that logs none goes down the chain on HttpClient's own scope and producer.
      AttemptCallback quiet = AttemptCallback.quiet(callback, exchange, scope.clientContext);
      try {
        chain.proceed(request, entityProducer, scope, quiet);
      } catch (HttpException | IOException | RuntimeException | Error e) {
        quiet.attemptFailed(e);
        throw e;
      }
      return;
    }
    boolean hasBody = entityProducer != null;
    AsyncEntityProducer producer = hasBody
        ? Safe.get("httpclient.producer", () -> new TracedEntityProducer(entityProducer, exchange), entityProducer)
        : null;
    AsyncExecChain.Scope tracedScope;
    try {
      tracedScope = new AsyncExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest,
          scope.cancellableDependency, scope.clientContext,
          new TracedAsyncExecRuntime(scope.execRuntime, exchange, hasBody), scope.scheduler, scope.execCount);
    } catch (Throwable t) {
      Safe.failed("httpclient.scope", t);
      tracedScope = scope;
    }
    TracedExchange previous = exchange.bind();
    AttemptCallback attempt = new EventsAttemptCallback(callback, exchange, scope.clientContext);
    try {
      chain.proceed(request, producer, tracedScope, attempt);
    } catch (HttpException | IOException | RuntimeException | Error e) {
      attempt.attemptFailed(e);
      throw e;
    } finally {
      TracedExchange.restore(previous);
    }
  }

  /**
   * What the attempt's response does, reported before the layers above hear of it; also the consumer of its body
   * (reporting the body's end before its delegate hears of it), so the attempt needs no consumer object of its own.
   * This one serves an attempt that logs no events: it counts no bytes and marks no first byte, and takes its peer
   * from an endpoint HttpClient set in the context after the attempt began (no runtime wrapper saw the connect).
   */
  private static class AttemptCallback implements AsyncExecCallback, AsyncDataConsumer {
    private final AsyncExecCallback delegate;
    final TracedExchange exchange;
    private final HttpClientContext context;
    /** The endpoint in the context when the attempt began (a quiet attempt's); null otherwise. */
    private final EndpointDetails quietSince;
    /** The body consumer of the layers above; null until the response has a body. */
    private AsyncDataConsumer consumer;

    AttemptCallback(AsyncExecCallback delegate, TracedExchange exchange, HttpClientContext context,
        EndpointDetails quietSince) {
      this.delegate = delegate;
      this.exchange = exchange;
      this.context = context;
      this.quietSince = quietSince;
    }

    /** A quiet attempt's callback: see the class. */
    static AttemptCallback quiet(AsyncExecCallback delegate, TracedExchange exchange, HttpClientContext context) {
      return new AttemptCallback(delegate, exchange, context, context.getEndpointDetails());
    }

    /** Whether this attempt logs no events (see the class). */
    boolean quiet() {
      return true;
    }

    /** The body's bytes so far; counted only where events are logged. */
    long bytes() {
      return 0;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      boolean hasBody = entityDetails != null;
      try {
        exchange.responded(response, hasBody, context.getEndpointDetails());
      } catch (Throwable t) {
        Safe.failed("httpclient.responded", t);
      }
      AsyncDataConsumer above = delegate.handleResponse(response, entityDetails);
      if (!hasBody) return above;
      if (above == null) {
        // The layer above discards this body (a followed redirect): its end is not visible, the headers are.
        Safe.run("httpclient.bodyUnseen", exchange::bodyUnseen);
        return null;
      }
      if (consumer != null) return new TracedDataConsumer(above, "httpclient.bodyClosed", exchange);
      consumer = above;
      return this;
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      attemptFailed(cause);
      delegate.failed(cause);
    }

    void attemptFailed(Throwable cause) {
      exchange.attemptFailed(cause, context, quiet(), quietSince);
    }

    // The body, as its consumer

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      consumer.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      consumer.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      try {
        exchange.attemptBodyClosed(bytes());
      } catch (Throwable t) {
        Safe.failed("httpclient.bodyClosed", t);
      }
      consumer.streamEnd(trailers);
    }

    @Override
    public void releaseResources() {
      consumer.releaseResources();
    }
  }

  /**
   * The callback of an attempt that logs events: as {@link AttemptCallback}, marking the first response byte and
   * counting the body's bytes too (ClosedBody's field). A quiet attempt's callback was 16 bytes larger with these.
   */
  private static final class EventsAttemptCallback extends AttemptCallback {
    private boolean firstByte;
    private long bytes;

    EventsAttemptCallback(AsyncExecCallback delegate, TracedExchange exchange, HttpClientContext context) {
      super(delegate, exchange, context, null);
    }

    @Override
    boolean quiet() {
      return false;
    }

    @Override
    long bytes() {
      return bytes;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      firstByte();
      return super.handleResponse(response, entityDetails);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      firstByte();
      super.handleInformationResponse(response);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      // A consumer is handed each chunk once and must take all of it; some read without moving the position.
      bytes += src.remaining();
      super.consume(src);
    }

    private void firstByte() {
      if (firstByte) return;
      firstByte = true;
      try {
        exchange.firstByte();
      } catch (Throwable t) {
        Safe.failed("httpclient.firstResponseByte", t);
      }
    }
  }
}

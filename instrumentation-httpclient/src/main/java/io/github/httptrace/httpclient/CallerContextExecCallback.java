package io.github.httptrace.httpclient;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.CallerContext;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * The async client's own end of the exec chain, which hands the response to the application's consumer and tells
 * its {@code FutureCallback}, run on the I/O threads with the context that was current where {@code execute} was
 * called. HttpClient calls the {@code FutureCallback} from the final response's head (no body), from its consumer's
 * stream end, or from {@code failed}: every one of those runs inside the caller's context here. A cancel through
 * the {@code Future} tells the callback on the canceling thread, outside the chain.
 *
 * <p>For a traced call it also ends the call ({@code exchange}) just before the application hears of the end, and is
 * the consumer of the final response's body itself: one object per call, where a callback, a context callback and
 * two consumers were four.
 */
final class CallerContextExecCallback implements AsyncExecCallback, AsyncDataConsumer {
  private final AsyncExecCallback delegate;
  private final CallerContext context;
  /** The traced call this callback ends, or null when the call is not traced. */
  private final TracedExchange exchange;
  /** The application's body consumer, once the final response has one. */
  private AsyncDataConsumer consumer;

  CallerContextExecCallback(AsyncExecCallback delegate, CallerContext context, TracedExchange exchange) {
    this.delegate = delegate;
    this.context = context;
    this.exchange = exchange;
  }

  @Override
  public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
      throws HttpException, IOException {
    AsyncDataConsumer application;
    TracerBinding.Scope scope = context.enter();
    try {
      application = delegate.handleResponse(response, entityDetails);
    } finally {
      CallerContext.exit(scope);
    }
    if (application == null) return null;
    if (consumer != null) return new Consumer(application, context, exchange);
    consumer = application;
    return this;
  }

  @Override
  public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
    TracerBinding.Scope scope = context.enter();
    try {
      delegate.handleInformationResponse(response);
    } finally {
      CallerContext.exit(scope);
    }
  }

  @Override
  public void completed() {
    if (exchange != null) {
      try {
        exchange.callCompleted();
      } catch (Throwable t) {
        Safe.failed("httpclient.callReturned", t);
      }
    }
    TracerBinding.Scope scope = context.enter();
    try {
      delegate.completed();
    } finally {
      CallerContext.exit(scope);
    }
  }

  @Override
  public void failed(Exception cause) {
    if (exchange != null) {
      try {
        exchange.callFailed(cause);
      } catch (Throwable t) {
        Safe.failed("httpclient.callFailed", t);
      }
    }
    TracerBinding.Scope scope = context.enter();
    try {
      delegate.failed(cause);
    } finally {
      CallerContext.exit(scope);
    }
  }

  // The final response's body, as its consumer

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
    streamEnd(consumer, trailers, context, exchange);
  }

  @Override
  public void releaseResources() {
    consumer.releaseResources();
  }

  /** The body's end: the call is over, then the application's consumer hears of it in the caller's context. */
  static void streamEnd(AsyncDataConsumer consumer, List<? extends Header> trailers, CallerContext context,
      TracedExchange exchange) throws HttpException, IOException {
    if (exchange != null) {
      try {
        exchange.callBodyClosed();
      } catch (Throwable t) {
        Safe.failed("httpclient.callBodyClosed", t);
      }
    }
    TracerBinding.Scope scope = context.enter();
    try {
      consumer.streamEnd(trailers);
    } finally {
      CallerContext.exit(scope);
    }
  }

  /** A second response's consumer, should the chain ever hand the application one: the same, as its own object. */
  private static final class Consumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final CallerContext context;
    private final TracedExchange exchange;

    Consumer(AsyncDataConsumer delegate, CallerContext context, TracedExchange exchange) {
      this.delegate = delegate;
      this.context = context;
      this.exchange = exchange;
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      delegate.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
      delegate.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
      CallerContextExecCallback.streamEnd(delegate, trailers, context, exchange);
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }
  }
}

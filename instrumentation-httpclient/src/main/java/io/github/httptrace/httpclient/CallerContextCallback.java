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
 * <p>For a traced call it also ends the call just before the application hears of the end, and is the consumer of
 * the final response's body itself. A traced call's {@link AsyncExchange} is this callback, so a call costs one object
 * where an exchange and a callback were two; an untraced call has a {@link CallerContextExecCallback}. What both do
 * is here, over the state each keeps.
 */
interface CallerContextCallback extends AsyncExecCallback, AsyncDataConsumer {
  /** The callback the application's call gave the chain. */
  AsyncExecCallback applicationCallback();

  /** What was current where the application called {@code execute}. */
  CallerContext callerContext();

  /** The traced call this callback ends, or null when the call is not traced. */
  TracedExchange tracedCall();

  /** The application's body consumer of the final response; null until it has one. */
  AsyncDataConsumer applicationConsumer();

  /** Keeps {@code consumer} as the final response's body consumer. */
  void applicationConsumer(AsyncDataConsumer consumer);

  @Override
  default AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
      throws HttpException, IOException {
    AsyncDataConsumer application;
    CallerContext context = callerContext();
    TracerBinding.Scope scope = context.enter();
    try {
      application = applicationCallback().handleResponse(response, entityDetails);
    } finally {
      CallerContext.exit(scope);
    }
    if (application == null) return null;
    if (applicationConsumer() != null) return new SecondConsumer(application, context, tracedCall());
    applicationConsumer(application);
    return this;
  }

  @Override
  default void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
    TracerBinding.Scope scope = callerContext().enter();
    try {
      applicationCallback().handleInformationResponse(response);
    } finally {
      CallerContext.exit(scope);
    }
  }

  @Override
  default void completed() {
    TracedExchange call = tracedCall();
    if (call != null) {
      try {
        call.callCompleted();
      } catch (Throwable t) {
        Safe.failed("httpclient.callReturned", t);
      }
    }
    TracerBinding.Scope scope = callerContext().enter();
    try {
      applicationCallback().completed();
    } finally {
      CallerContext.exit(scope);
    }
  }

  @Override
  default void failed(Exception cause) {
    TracedExchange call = tracedCall();
    if (call != null) {
      try {
        call.callFailed(cause);
      } catch (Throwable t) {
        Safe.failed("httpclient.callFailed", t);
      }
    }
    TracerBinding.Scope scope = callerContext().enter();
    try {
      applicationCallback().failed(cause);
    } finally {
      CallerContext.exit(scope);
    }
  }

  // The final response's body, as its consumer

  @Override
  default void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    applicationConsumer().updateCapacity(capacityChannel);
  }

  @Override
  default void consume(ByteBuffer src) throws IOException {
    applicationConsumer().consume(src);
  }

  @Override
  default void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
    streamEnd(applicationConsumer(), trailers, callerContext(), tracedCall());
  }

  @Override
  default void releaseResources() {
    applicationConsumer().releaseResources();
  }

  /** The body's end: the call is over, then the application's consumer hears of it in the caller's context. */
  private static void streamEnd(AsyncDataConsumer consumer, List<? extends Header> trailers, CallerContext context,
      TracedExchange call) throws HttpException, IOException {
    if (call != null) {
      try {
        call.callBodyClosed();
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
  final class SecondConsumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final CallerContext context;
    private final TracedExchange call;

    SecondConsumer(AsyncDataConsumer delegate, CallerContext context, TracedExchange call) {
      this.delegate = delegate;
      this.context = context;
      this.call = call;
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
      CallerContextCallback.streamEnd(delegate, trailers, context, call);
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }
  }
}

package io.github.httptrace.httpclient;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.CallerContext;
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
 */
final class CallerContextExecCallback implements AsyncExecCallback {
  private final AsyncExecCallback delegate;
  private final CallerContext context;

  CallerContextExecCallback(AsyncExecCallback delegate, CallerContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  @Override
  public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
      throws HttpException, IOException {
    AsyncDataConsumer consumer;
    TracerBinding.Scope scope = context.makeCurrent();
    try {
      consumer = delegate.handleResponse(response, entityDetails);
    } finally {
      scope.close();
    }
    return consumer == null ? null : new Consumer(consumer, context);
  }

  @Override
  public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
    TracerBinding.Scope scope = context.makeCurrent();
    try {
      delegate.handleInformationResponse(response);
    } finally {
      scope.close();
    }
  }

  @Override
  public void completed() {
    TracerBinding.Scope scope = context.makeCurrent();
    try {
      delegate.completed();
    } finally {
      scope.close();
    }
  }

  @Override
  public void failed(Exception cause) {
    TracerBinding.Scope scope = context.makeCurrent();
    try {
      delegate.failed(cause);
    } finally {
      scope.close();
    }
  }

  /** The application's response consumer, whose stream end completes the call's future. */
  private static final class Consumer implements AsyncDataConsumer {
    private final AsyncDataConsumer delegate;
    private final CallerContext context;

    Consumer(AsyncDataConsumer delegate, CallerContext context) {
      this.delegate = delegate;
      this.context = context;
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
      TracerBinding.Scope scope = context.makeCurrent();
      try {
        delegate.streamEnd(trailers);
      } finally {
        scope.close();
      }
    }

    @Override
    public void releaseResources() {
      delegate.releaseResources();
    }
  }
}

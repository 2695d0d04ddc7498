package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * An async response body consumer that reports, once and before its delegate hears of it, the end of the stream
 * with the bytes that went through: the end of an attempt, or of the call.
 */
final class TracedDataConsumer implements AsyncDataConsumer {
  private final AsyncDataConsumer delegate;
  private final String operation;
  private final LongConsumer onEnd;
  private long bytes;

  TracedDataConsumer(AsyncDataConsumer delegate, String operation, LongConsumer onEnd) {
    this.delegate = delegate;
    this.operation = operation;
    this.onEnd = onEnd;
  }

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    delegate.updateCapacity(capacityChannel);
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    // A consumer is handed each chunk once and must take all of it; some read without moving the position.
    bytes += src.remaining();
    delegate.consume(src);
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
    // Once or twice per request: try/catch with Safe.failed, Safe's own rule, rather than a capturing lambda.
    try {
      onEnd.accept(bytes);
    } catch (Throwable t) {
      Safe.failed(operation, t);
    }
    delegate.streamEnd(trailers);
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}

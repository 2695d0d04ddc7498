package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/** An async request body that reports when its writing starts (the headers went first) and ends, with its bytes. */
final class TracedEntityProducer implements AsyncEntityProducer {
  private final AsyncEntityProducer delegate;
  private final TracedExchange exchange;
  private long bytes;
  private boolean started;

  TracedEntityProducer(AsyncEntityProducer delegate, TracedExchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }

  @Override
  public long getContentLength() {
    return delegate.getContentLength();
  }

  @Override
  public String getContentType() {
    return delegate.getContentType();
  }

  @Override
  public String getContentEncoding() {
    return delegate.getContentEncoding();
  }

  @Override
  public boolean isChunked() {
    return delegate.isChunked();
  }

  @Override
  public Set<String> getTrailerNames() {
    return delegate.getTrailerNames();
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    if (!started) {
      started = true;
      Safe.run("httpclient.bodyWriting", exchange::bodyWriting);
    }
    delegate.produce(new DataStreamChannel() {
      @Override
      public void requestOutput() {
        channel.requestOutput();
      }

      @Override
      public int write(ByteBuffer src) throws IOException {
        int written = channel.write(src);
        bytes += written;
        return written;
      }

      @Override
      public void endStream(List<? extends Header> trailers) throws IOException {
        channel.endStream(trailers);
        long total = bytes;
        Safe.run("httpclient.bodyWritten", () -> exchange.bodyWritten(total));
      }

      @Override
      public void endStream() throws IOException {
        endStream(null);
      }
    });
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}

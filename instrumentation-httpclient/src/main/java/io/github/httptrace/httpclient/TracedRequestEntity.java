package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/** A request entity that tells its exchange when its writing starts (the headers went first) and ends. */
final class TracedRequestEntity extends HttpEntityWrapper {
  private final TracedExchange exchange;

  TracedRequestEntity(HttpEntity entity, TracedExchange exchange) {
    super(entity);
    this.exchange = exchange;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    Safe.run("httpclient.bodyWriting", exchange::bodyWriting);
    long[] written = new long[1];
    super.writeTo(new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        written[0]++;
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        written[0] += length;
      }
    });
    Safe.run("httpclient.bodyWritten", () -> exchange.bodyWritten(written[0]));
  }
}

package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response entity that reports, once, when it was read to the end or closed and how many bytes were read:
 * the end of an attempt, or of the call. Reads, their results and their exceptions pass through unchanged.
 */
final class TracedResponseEntity extends HttpEntityWrapper {
  private final String operation;
  private final LongConsumer onEnd;
  private long bytes;
  private boolean reported;
  /** The counter of the last stream handed out. */
  private Counting counting;

  TracedResponseEntity(HttpEntity entity, String operation, LongConsumer onEnd) {
    super(entity);
    this.operation = operation;
    this.onEnd = onEnd;
  }

  @Override
  public InputStream getContent() throws IOException {
    InputStream content = super.getContent();
    if (content == null) return null;
    // The same stream asked for again (HttpClient consumes the rest of a body read to its end when the response
    // closes) gets the same counter: it holds nothing of its own.
    Counting last = counting;
    if (last != null && last.wraps(content)) return last;
    Counting fresh = new Counting(content);
    counting = fresh;
    return fresh;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    // Through getContent, so the bytes are counted and the end is seen.
    try (InputStream in = getContent()) {
      if (in != null) in.transferTo(out);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      report();
    }
  }

  private synchronized void report() {
    if (reported) return;
    reported = true;
    // Once per request: try/catch with Safe.failed, Safe's own rule, rather than a capturing lambda.
    try {
      onEnd.accept(bytes);
    } catch (Throwable t) {
      Safe.failed(operation, t);
    }
  }

  private final class Counting extends FilterInputStream {
    Counting(InputStream in) {
      super(in);
    }

    boolean wraps(InputStream content) {
      return in == content;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        report();
      } else {
        bytes++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        report();
      } else {
        bytes += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        report();
      }
    }
  }
}

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
  /** Told the bytes read when the body ends: the attempt's exchange, or the call's end. */
  private final LongConsumer onEnd;
  /**
   * The bytes read so far; once the end was reported, {@code -1 - bytes}, so a second end reports nothing (one
   * field, where a flag beside it took the object to the next 8 bytes).
   */
  private long bytes;
  /** The counter of the last stream handed out. */
  private Counting counting;

  TracedResponseEntity(HttpEntity entity, LongConsumer onEnd) {
    super(entity);
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
    long read = bytes;
    if (read < 0) return;
    bytes = -1 - read;
    // Once per request: try/catch with Safe.failed, Safe's own rule, rather than a capturing lambda.
    try {
      onEnd.accept(read);
    } catch (Throwable t) {
      Safe.failed(onEnd instanceof TracedExchange ? "httpclient.bodyClosed" : "httpclient.callBodyClosed", t);
    }
  }

  /**
   * Counts {@code n} bytes read, unless the end was reported. Not under the lock: the reading thread is the only
   * writer but for the end, and a read racing a close on another thread can at worst report the end twice, which both
   * listeners ignore (the exchange's body is closed once, the call ends once).
   */
  private void counted(long n) {
    long read = bytes;
    if (read >= 0) bytes = read + n;
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
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        report();
      } else {
        counted(n);
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

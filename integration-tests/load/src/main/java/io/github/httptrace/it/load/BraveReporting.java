package io.github.httptrace.it.load;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.opentracing.Tracer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import zipkin2.reporter.ReporterMetrics;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * One side's Brave (the clients' or the server's, as two services would each have their own), reached through
 * brave-opentracing, reporting asynchronously to Zipkin with {@link AsyncZipkinSpanHandler} over
 * {@link URLConnectionSender}: always sampling, 128-bit trace ids, distinct server spans ({@code supportsJoin(false)}).
 *
 * <p>While {@link #record(boolean) recording}, each span handed to the reporter is noted under its trace id: that
 * is what Zipkin should hold. The reporter's own metrics say what it dropped, and why: a full queue (counted on
 * the thread finishing the span) or a failed message (counted after the sender's failure).
 */
public final class BraveReporting implements AutoCloseable {
  private final AsyncZipkinSpanHandler zipkin;
  private final Tracing tracing;
  private final Tracer tracer;
  private final Metrics metrics = new Metrics();
  private volatile boolean recording;

  /**
   * Sizing of the asynchronous reporter; 0 keeps the library's default.
   *
   * @param queuedMaxSpans spans it may hold before dropping (default 10000)
   * @param queuedMaxBytes bytes it may hold before dropping (default 1% of the heap)
   * @param messageMaxBytes bytes per POST to Zipkin (default the sender's, 500 KiB)
   */
  public record Sizing(int queuedMaxSpans, int queuedMaxBytes, int messageMaxBytes) {
    /** The library's defaults. */
    public static final Sizing DEFAULTS = new Sizing(0, 0, 0);
  }

  /** {@code service}'s tracer, reporting to {@code spansEndpoint}; recorded spans are noted in {@code ledger}. */
  BraveReporting(String service, String spansEndpoint, Sizing sizing, SpanLedger ledger) {
    URLConnectionSender.Builder sender = URLConnectionSender.newBuilder().endpoint(spansEndpoint);
    if (sizing.messageMaxBytes() > 0) sender.messageMaxBytes(sizing.messageMaxBytes());
    AsyncZipkinSpanHandler.Builder reporter = AsyncZipkinSpanHandler.newBuilder(sender.build()).metrics(metrics);
    if (sizing.queuedMaxSpans() > 0) reporter.queuedMaxSpans(sizing.queuedMaxSpans());
    if (sizing.queuedMaxBytes() > 0) reporter.queuedMaxBytes(sizing.queuedMaxBytes());
    if (sizing.messageMaxBytes() > 0) reporter.messageMaxBytes(sizing.messageMaxBytes());
    zipkin = reporter.build();
    tracing = Tracing.newBuilder()
        .localServiceName(service)
        .supportsJoin(false)
        .traceId128Bit(true)
        .sampler(Sampler.ALWAYS_SAMPLE)
        // Counted first, so a span the reporter then drops is still expected in Zipkin.
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (recording && cause == Cause.FINISHED) {
              ledger.add(context.traceIdHigh(), context.traceId());
            }
            return true;
          }
        })
        .addSpanHandler(zipkin)
        .build();
    tracer = BraveTracer.create(tracing);
  }

  /** What the instrumentations are given. */
  public Tracer tracer() {
    return tracer;
  }

  /** Counts the spans finished from now on (true) or stops counting (false). */
  public void record(boolean on) {
    recording = on;
  }

  /**
   * Sends everything the reporter holds now, on this thread: one flush sends at most one message, so it flushes until
   * the queue is empty (bounded, in case Zipkin stops answering).
   */
  public void flush() {
    for (int i = 0; i < 1_000; i++) {
      zipkin.flush();
      if (metrics.queuedNow == 0) return;
    }
  }

  /** Spans the reporter dropped because its queue was full. */
  public long droppedQueueFull() {
    return metrics.queueFull.sum();
  }

  /** Spans the reporter dropped because a message to Zipkin failed. */
  public long droppedSendFailed() {
    return metrics.sendFailed.sum();
  }

  /** The first failure of a message to Zipkin, or null. */
  public Throwable firstSendFailure() {
    return metrics.firstFailure;
  }

  /** The most spans the reporter's queue held at once. */
  public int maxQueuedSpans() {
    return metrics.maxQueued.get();
  }

  /** Messages (POSTs) sent to Zipkin. */
  public long messages() {
    return metrics.messages.sum();
  }

  @Override
  public void close() {
    tracing.close();
    zipkin.close();
  }

  /** The reporter's metrics, split by where a span was dropped. */
  private static final class Metrics implements ReporterMetrics {
    final LongAdder queueFull = new LongAdder();
    final LongAdder sendFailed = new LongAdder();
    final LongAdder messages = new LongAdder();
    final AtomicInteger maxQueued = new AtomicInteger();
    /** Set on the flushing thread between a failed message and the count of its spans, which follows it. */
    private final ThreadLocal<Boolean> afterFailure = ThreadLocal.withInitial(() -> false);
    volatile Throwable firstFailure;
    /** Spans in the queue after the last drain. */
    volatile int queuedNow;

    @Override
    public void incrementMessages() {
      messages.increment();
    }

    @Override
    public void incrementMessagesDropped(Throwable cause) {
      if (firstFailure == null) firstFailure = cause;
      afterFailure.set(true);
    }

    @Override
    public void incrementSpans(int quantity) {}

    @Override
    public void incrementSpanBytes(int quantity) {}

    @Override
    public void incrementMessageBytes(int quantity) {}

    @Override
    public void incrementSpansDropped(int quantity) {
      if (afterFailure.get()) {
        afterFailure.set(false);
        sendFailed.add(quantity);
      } else {
        queueFull.add(quantity);
      }
    }

    @Override
    public void updateQueuedSpans(int update) {
      queuedNow = update;
      maxQueued.accumulateAndGet(update, Math::max);
    }

    @Override
    public void updateQueuedBytes(int update) {}
  }
}

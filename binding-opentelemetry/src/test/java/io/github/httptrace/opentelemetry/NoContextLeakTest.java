package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.servlet.TracingFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

/**
 * 100 requests, mixed: OkHttp execute and enqueue, HttpClient classic and async, every other one under a caller's
 * span, all to the traced servlet. Each attempt is the child of its caller's span (the asynchronous ones too: the
 * parent is taken on the calling thread), each server span the child of its attempt; the asynchronous callbacks run
 * in the caller's Context (OkHttp's calls made through the call factory); and no Context is left current anywhere
 * else: on OkHttp's dispatcher threads after each task, on the container's threads around the filter, on the calling
 * thread.
 */
class NoContextLeakTest {
  private static final int REQUESTS = 100;

  @Test
  void noSpanIsLeftCurrentAndEveryParentIsTheCallersAfterMixedRequests() throws Exception {
    List<Context> afterDispatcherTasks = new CopyOnWriteArrayList<>();
    ThreadPoolExecutor dispatcherThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>()) {
      @Override
      protected void afterExecute(Runnable task, Throwable failure) {
        afterDispatcherTasks.add(Context.current());
      }
    };
    Map<Integer, SpanContext> callerOf = new HashMap<>();
    Map<Integer, SpanContext> seenInCallback = new HashMap<>();
    try (OtelSdk otel = OtelSdk.w3c();
        JettyApp app = JettyApp.start(TracingFilter.with(OpenTelemetryBinding.of(otel.sdk)))) {
      OkHttpClient okHttp = OkHttpTracing.with(OpenTelemetryBinding.of(otel.sdk))
          .decorate(new OkHttpClient.Builder().dispatcher(new Dispatcher(dispatcherThreads))).build();
      Call.Factory okHttpCalls = OkHttpTracing.with(OpenTelemetryBinding.of(otel.sdk)).callFactory(okHttp);
      HttpClientTracing tracing = HttpClientTracing.with(OpenTelemetryBinding.of(otel.sdk));
      try (CloseableHttpClient classic = tracing.decorate(HttpClients.custom()).build();
          CloseableHttpAsyncClient async = tracing.decorate(HttpAsyncClients.custom()).build()) {
        async.start();
        for (int i = 0; i < REQUESTS; i++) {
          String url = app.url("/app/hello?i=" + i);
          Span caller = i % 2 == 0 ? otel.sdk.getTracer("app").spanBuilder("caller-" + i).startSpan() : null;
          callerOf.put(i, caller == null ? SpanContext.getInvalid() : caller.getSpanContext());
          Context before = Context.current();
          try (Scope ignored = caller == null ? Scope.noop() : caller.makeCurrent()) {
            Context callerContext = Context.current();
            switch ((i / 2) % 4) {
              case 0:
                try (Response response = okHttp.newCall(new Request.Builder().url(url).build()).execute()) {
                  assertEquals("ok", response.body().string());
                }
                break;
              case 1:
                seenInCallback.put(i, enqueue(okHttpCalls, url).get(10, TimeUnit.SECONDS));
                break;
              case 2:
                assertEquals("ok", classic.execute(new HttpGet(url),
                    response -> EntityUtils.toString(response.getEntity())));
                break;
              default:
                seenInCallback.put(i, execute(async, url).get(10, TimeUnit.SECONDS));
                break;
            }
            assertSame(callerContext, Context.current(), "the calling thread's Context after request " + i);
          }
          if (caller != null) caller.end();
          assertSame(before, Context.current());
        }
      } finally {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
      }

      List<SpanData> spans = otel.awaitSpans(REQUESTS * 2 + REQUESTS / 2);
      assertEquals(Context.root(), Context.current());
      for (int i = 0; i < REQUESTS; i++) {
        String query = "i=" + i;
        SpanData client = only(spans, SpanKind.CLIENT, "url.full", app.url("/app/hello?" + query));
        SpanData server = only(spans, SpanKind.SERVER, "url.query", query);
        SpanContext caller = callerOf.get(i);
        if (caller.isValid()) {
          assertEquals(caller.getSpanId(), client.getParentSpanId(), "parent of request " + i);
          assertEquals(caller.getTraceId(), client.getTraceId());
        } else {
          assertEquals("0000000000000000", client.getParentSpanId(), "request " + i + " starts a trace");
        }
        assertEquals(client.getSpanId(), server.getParentSpanId());
        assertEquals(client.getTraceId(), server.getTraceId());
        if (seenInCallback.containsKey(i)) {
          // A callback runs in the caller's Context (OkHttp's through the call factory), never an attempt's span:
          // the caller's span, or none when there was none.
          assertEquals(caller, seenInCallback.get(i), "current in the callback of request " + i);
        }
      }
      assertEquals(REQUESTS / 2, seenInCallback.size());
      assertEquals(2 * REQUESTS, app.aroundFilter.size());
      for (Context context : app.aroundFilter) assertSame(Context.root(), context, "a container thread");
      long enqueued = java.util.stream.IntStream.range(0, REQUESTS).filter(i -> (i / 2) % 4 == 1).count();
      assertEquals(enqueued, afterDispatcherTasks.size(), "one dispatcher task per enqueued call");
      for (Context context : afterDispatcherTasks) assertSame(Context.root(), context, "a dispatcher thread");
    }
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind, String key, String value) {
    List<SpanData> found = spans.stream()
        .filter(s -> s.getKind() == kind && value.equals(SpanChecks.attributes(s).get(key)))
        .toList();
    assertEquals(1, found.size(), () -> kind + " spans with " + key + "=" + value + ": " + found);
    return found.get(0);
  }

  /** OkHttp's enqueue; completes with the span context current in the callback. */
  private static CompletableFuture<SpanContext> enqueue(Call.Factory client, String url) {
    CompletableFuture<SpanContext> seen = new CompletableFuture<>();
    client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        seen.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        SpanContext current = Span.current().getSpanContext();
        try (response) {
          response.body().string();
          seen.complete(current);
        } catch (IOException e) {
          seen.completeExceptionally(e);
        }
      }
    });
    return seen;
  }

  /** HttpClient's async execute; completes with the span context current in the callback. */
  private static CompletableFuture<SpanContext> execute(CloseableHttpAsyncClient client, String url) {
    CompletableFuture<SpanContext> seen = new CompletableFuture<>();
    client.execute(SimpleRequestBuilder.get(url).build(), new FutureCallback<SimpleHttpResponse>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        seen.complete(Span.current().getSpanContext());
      }

      @Override
      public void failed(Exception e) {
        seen.completeExceptionally(e);
      }

      @Override
      public void cancelled() {
        seen.cancel(false);
      }
    });
    return seen;
  }
}

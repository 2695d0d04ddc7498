package io.github.httptrace.brave;

import brave.test.http.ITHttpAsyncClient;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;

/**
 * Brave's async client suite on OkHttp with the dispatcher's executor wrapped by Brave's {@code
 * CurrentTraceContext.executorService}, the wiring Brave's own OkHttp interceptor asks of its users: enqueued calls
 * then run, and call back, in the context of the thread that enqueued them. The other way to the caller's context
 * in callbacks, beside {@code OkHttpTracing.callFactory} ({@code ITOkHttpOnBrave}); every case of the suite passes
 * with it.
 */
class ITOkHttpContextDispatcherOnBrave extends ITHttpAsyncClient<OkHttpClient> {
  private final ExecutorService executor = new Dispatcher().executorService();

  @Override
  protected OkHttpClient newClient(int port) {
    return OkHttpTracing.with(BraveBinding.of(httpTracing)).decorate(new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(currentTraceContext.executorService(executor)))
        .connectTimeout(1, TimeUnit.SECONDS)
        .readTimeout(1, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false)).build();
  }

  @Override
  protected void closeClient(OkHttpClient client) {
    client.connectionPool().evictAll();
  }

  @AfterEach
  @Override
  public void close() throws Exception {
    executor.shutdown();
    executor.awaitTermination(1, TimeUnit.SECONDS);
    super.close();
  }

  @Override
  protected void get(OkHttpClient client, String pathIncludingQuery) throws IOException {
    execute(client, new Request.Builder().url(url(pathIncludingQuery)).build());
  }

  @Override
  protected void options(OkHttpClient client, String path) throws IOException {
    execute(client, new Request.Builder().method("OPTIONS", null).url(url(path)).build());
  }

  @Override
  protected void post(OkHttpClient client, String pathIncludingQuery, String body) throws IOException {
    execute(client, new Request.Builder().url(url(pathIncludingQuery))
        .post(RequestBody.create(body, MediaType.get("text/plain"))).build());
  }

  private static void execute(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      response.body().string();
    }
  }

  @Override
  protected void get(OkHttpClient client, String path, BiConsumer<Integer, Throwable> callback) {
    client.newCall(new Request.Builder().url(url(path)).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        callback.accept(null, e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          callback.accept(response.code(), null);
        }
      }
    });
  }
}

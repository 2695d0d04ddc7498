package io.github.httptrace.brave;

import brave.test.http.ITHttpAsyncClient;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Brave's own integration suite for asynchronous HTTP clients ({@code brave-instrumentation-http-tests}), run on OkHttp
 * instrumented by us through {@link BraveBinding}: only the wiring is ours. Responses are closed, as OkHttp requires
 * and as our spans need to end (an attempt ends when its body is closed).
 */
class ITOkHttpOnBrave extends ITHttpAsyncClient<OkHttpClient> {
  @Override
  protected OkHttpClient newClient(int port) {
    return OkHttpTracing.with(BraveBinding.of(httpTracing)).decorate(new OkHttpClient.Builder()
        .connectTimeout(1, TimeUnit.SECONDS)
        .readTimeout(1, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false)).build();
  }

  @Override
  protected void closeClient(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
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
    // Through the call factory: the callback then runs in the context current here, as Brave's suite requires.
    OkHttpTracing.with(BraveBinding.of(httpTracing)).callFactory(client).newCall(new Request.Builder().url(url(path)).build()).enqueue(new Callback() {
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

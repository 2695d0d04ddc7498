package io.github.httptrace.brave;

import brave.test.http.ITHttpAsyncClient;
import io.github.httptrace.httpclient.HttpClientTracing;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;

/**
 * Brave's own integration suite for asynchronous HTTP clients ({@code brave-instrumentation-http-tests}), run on
 * Apache HttpClient 5 async instrumented by us through {@link BraveBinding}: only the wiring is ours.
 */
class ITHttpClientAsyncOnBrave extends ITHttpAsyncClient<CloseableHttpAsyncClient> {
  @Override
  protected CloseableHttpAsyncClient newClient(int port) {
    CloseableHttpAsyncClient client = HttpClientTracing.with(BraveBinding.of(httpTracing))
        .decorate(HttpAsyncClients.custom().disableAutomaticRetries()).build();
    client.start();
    return client;
  }

  @Override
  protected void closeClient(CloseableHttpAsyncClient client) throws IOException {
    client.close();
  }

  @Override
  protected void get(CloseableHttpAsyncClient client, String pathIncludingQuery) throws IOException {
    invoke(client, SimpleRequestBuilder.get(URI.create(url(pathIncludingQuery))).build());
  }

  @Override
  protected void options(CloseableHttpAsyncClient client, String path) throws IOException {
    invoke(client, SimpleRequestBuilder.options(URI.create(url(path))).build());
  }

  @Override
  protected void post(CloseableHttpAsyncClient client, String pathIncludingQuery, String body) throws IOException {
    SimpleHttpRequest post = SimpleRequestBuilder.post(URI.create(url(pathIncludingQuery))).build();
    post.setBody(body, ContentType.TEXT_PLAIN);
    invoke(client, post);
  }

  private static void invoke(CloseableHttpAsyncClient client, SimpleHttpRequest request) throws IOException {
    Future<SimpleHttpResponse> future = client.execute(request, null);
    try {
      future.get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  @Override
  protected void get(CloseableHttpAsyncClient client, String path, BiConsumer<Integer, Throwable> callback) {
    client.execute(SimpleRequestBuilder.get(URI.create(url(path))).build(), new FutureCallback<SimpleHttpResponse>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        callback.accept(response.getCode(), null);
      }

      @Override
      public void failed(Exception e) {
        callback.accept(null, e);
      }

      @Override
      public void cancelled() {
        callback.accept(null, new CancellationException());
      }
    });
  }
}

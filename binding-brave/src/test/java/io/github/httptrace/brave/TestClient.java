package io.github.httptrace.brave;

import io.github.httptrace.core.TracerBinding;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** One of the three instrumented clients, reduced to what the mapping tests do with it: GET a URL, read the body. */
interface TestClient extends AutoCloseable {
  /** The body; throws what the client throws for a failed call. */
  String get(String url) throws Exception;

  @Override
  void close() throws IOException;

  static TestClient of(String name, TracerBinding binding) {
    switch (name) {
      case "okhttp": {
        OkHttpClient client = Clients.okhttp(binding);
        return new TestClient() {
          @Override
          public String get(String url) throws IOException {
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
              return response.body().string();
            }
          }

          @Override
          public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
          }
        };
      }
      case "httpclient-classic": {
        CloseableHttpClient client = Clients.classic(binding);
        return new TestClient() {
          @Override
          public String get(String url) throws IOException {
            return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
          }

          @Override
          public void close() throws IOException {
            client.close();
          }
        };
      }
      case "httpclient-async": {
        CloseableHttpAsyncClient client = Clients.async(binding);
        return new TestClient() {
          @Override
          public String get(String url) throws Exception {
            try {
              return client.execute(SimpleRequestBuilder.get(url).build(), null).get(10, TimeUnit.SECONDS)
                  .getBodyText();
            } catch (ExecutionException e) {
              throw (Exception) e.getCause();
            }
          }

          @Override
          public void close() throws IOException {
            client.close();
          }
        };
      }
      default:
        throw new IllegalArgumentException(name);
    }
  }
}

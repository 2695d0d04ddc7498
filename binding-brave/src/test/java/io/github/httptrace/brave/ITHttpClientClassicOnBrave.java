package io.github.httptrace.brave;

import brave.test.http.ITHttpClient;
import io.github.httptrace.httpclient.HttpClientTracing;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpOptions;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Brave's own integration suite for blocking HTTP clients ({@code brave-instrumentation-http-tests}), run on Apache
 * HttpClient 5 classic instrumented by us through {@link BraveBinding}: only the wiring is ours.
 */
class ITHttpClientClassicOnBrave extends ITHttpClient<CloseableHttpClient> {
  @Override
  protected CloseableHttpClient newClient(int port) {
    return HttpClientTracing.with(BraveBinding.of(httpTracing))
        .decorate(HttpClients.custom().disableAutomaticRetries()).build();
  }

  @Override
  protected void closeClient(CloseableHttpClient client) throws IOException {
    client.close();
  }

  @Override
  protected void get(CloseableHttpClient client, String pathIncludingQuery) throws IOException {
    execute(client, new HttpGet(URI.create(url(pathIncludingQuery))));
  }

  @Override
  protected void options(CloseableHttpClient client, String path) throws IOException {
    execute(client, new HttpOptions(URI.create(url(path))));
  }

  @Override
  protected void post(CloseableHttpClient client, String pathIncludingQuery, String body) throws IOException {
    HttpPost post = new HttpPost(URI.create(url(pathIncludingQuery)));
    post.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
    execute(client, post);
  }

  private static void execute(CloseableHttpClient client, HttpUriRequestBase request) throws IOException {
    client.execute(request, response -> {
      EntityUtils.consume(response.getEntity());
      return null;
    });
  }
}

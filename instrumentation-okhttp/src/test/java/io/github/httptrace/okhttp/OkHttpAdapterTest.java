package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.internal.UrlPath;
import okhttp3.Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves that the path OkHttp gives is the one the core would cut from the request's URL. */
class OkHttpAdapterTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "http://example.test", "http://example.test/", "http://example.test/a/b?x=1&y=2",
      "http://example.test/a/b#fragment", "https://user:secret@example.test:8443/p%20q/r?token=s",
      "http://[::1]:8080/v1/items/?", "http://example.test/caf%C3%A9;matrix=1?q"})
  void thePathIsTheUrlsPath(String url) {
    Request request = new Request.Builder().url(url).build();
    assertEquals(UrlPath.of(OkHttpAdapter.INSTANCE.url(request)), OkHttpAdapter.INSTANCE.path(request));
  }
}

package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Proves the path {@code http.path} and {@code RequestFacts.path()} give: no query or fragment, {@code /} for none. */
class UrlPathTest {
  @Test
  void thePathWithoutQueryOrFragment() {
    assertEquals("/a/b", UrlPath.of("http://app.test:8080/a/b?token=REDACTED#top"));
    assertEquals("/a%20b", UrlPath.of("https://app.test/a%20b"));
    assertEquals("/a", UrlPath.of("http://app.test/a#x?y"));
  }

  @Test
  void anEmptyPathIsSlash() {
    assertEquals("/", UrlPath.of("http://app.test:8080"));
    assertEquals("/", UrlPath.of("http://app.test:8080?x=/y"));
    assertEquals("/", UrlPath.of("http://app.test/"));
  }

  @Test
  void noUrlNoPath() {
    assertNull(UrlPath.of(null));
  }
}

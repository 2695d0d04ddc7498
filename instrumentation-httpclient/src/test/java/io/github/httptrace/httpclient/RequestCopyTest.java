package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;

/** Proves that an attempt's request copy is the request, plus its trace headers, and leaves the original alone. */
class RequestCopyTest {
  private static final Map<String, String> TRACE = new LinkedHashMap<>(Map.of("X-B3-TraceId", "new"));

  @Test
  void theClassicCopyKeepsEverythingAndReplacesTraceHeaders() {
    HttpPost original = new HttpPost("https://example.test:8443/a/b?q=%20x&token=1");
    original.setVersion(HttpVersion.HTTP_1_0);
    original.addHeader("Accept", "text/plain");
    original.addHeader("X-B3-TraceId", "stale");
    StringEntity entity = new StringEntity("body", ContentType.TEXT_PLAIN);
    original.setEntity(entity);
    Header[] before = original.getHeaders();

    ClassicHttpRequest copy = RequestCopy.withHeaders(original, TRACE);

    assertNotSame(original, copy);
    assertEquals("POST", copy.getMethod());
    assertEquals("https", copy.getScheme());
    assertEquals(original.getAuthority(), copy.getAuthority());
    assertEquals("/a/b?q=%20x&token=1", copy.getPath());
    assertEquals("/a/b?q=%20x&token=1", copy.getRequestUri());
    assertEquals(HttpVersion.HTTP_1_0, copy.getVersion());
    assertSame(entity, copy.getEntity());
    assertEquals("text/plain", copy.getFirstHeader("Accept").getValue());
    assertEquals(1, copy.getHeaders("X-B3-TraceId").length, "replaced, not added");
    assertEquals("new", copy.getFirstHeader("X-B3-TraceId").getValue());
    // The caller's request can be sent again as it was.
    assertArrayEquals(before, original.getHeaders(), Arrays.toString(original.getHeaders()));
    assertEquals("stale", original.getFirstHeader("X-B3-TraceId").getValue());
  }

  @Test
  void anAbsoluteRequestUriStaysAbsolute() {
    BasicHttpRequest proxied = new BasicHttpRequest("GET", new HttpHost("http", "example.test", 80), "/p?x=1");
    proxied.setAbsoluteRequestUri(true);

    HttpRequest copy = RequestCopy.withHeaders(proxied, TRACE);

    assertEquals(proxied.getRequestUri(), copy.getRequestUri());
    assertEquals("http://example.test:80/p?x=1", copy.getRequestUri());
  }

  @Test
  void nothingToInjectMeansNoCopy() {
    HttpPost original = new HttpPost("http://example.test/");
    assertSame(original, RequestCopy.withHeaders((ClassicHttpRequest) original, Map.of()));
    assertSame(original, RequestCopy.withHeaders((HttpRequest) original, Map.of()));
  }
}

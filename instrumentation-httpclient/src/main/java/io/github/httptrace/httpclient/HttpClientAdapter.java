package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientAdapter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MessageHeaders;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.net.URIAuthority;

/** Reads HttpClient 5's requests and responses for the shared client lifecycle. */
final class HttpClientAdapter implements ClientAdapter<HttpRequest, HttpResponse> {
  static final HttpClientAdapter INSTANCE = new HttpClientAdapter();

  private HttpClientAdapter() {}

  @Override
  public String method(HttpRequest request) {
    return request.getMethod();
  }

  /**
   * The text {@link HttpRequest#getUri()} would parse, without parsing it: the sanitizer reads URLs as text, and a
   * URI built and parsed per attempt was a measurable share of the instrumentation's cost. One concatenation, which
   * sizes its text once, where a builder grew one buffer and copied it into the string.
   */
  @Override
  public String url(HttpRequest request) {
    URIAuthority authority = request.getAuthority();
    if (authority == null) return uri(request).toString();
    String scheme = request.getScheme();
    String host = authority.getHostName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
    String path = request.getPath();
    if (path == null) {
      path = "/";
    } else if (!path.startsWith("/")) {
      path = "/" + path;
    }
    int port = authority.getPort();
    return port >= 0
        ? (scheme != null ? scheme : "http") + "://" + host + ":" + port + path
        : (scheme != null ? scheme : "http") + "://" + host + path;
  }

  /**
   * The request's path up to its query or fragment, as {@link #url} writes it ({@code /} added in front where missing):
   * no URL is built for a binding that records the path alone. Null without an authority: the URL's then.
   */
  @Override
  public String path(HttpRequest request) {
    if (request.getAuthority() == null) return null;
    String path = request.getPath();
    if (path == null || path.isEmpty()) return "/";
    int end = path.length();
    for (int i = 0; i < end; i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String cut = path.substring(0, end);
    return cut.startsWith("/") ? cut : "/" + cut;
  }

  @Override
  public String host(HttpRequest request) {
    URIAuthority authority = request.getAuthority();
    return authority != null ? authority.getHostName() : uri(request).getHost();
  }

  @Override
  public int port(HttpRequest request) {
    URIAuthority authority = request.getAuthority();
    int port = authority != null ? authority.getPort() : uri(request).getPort();
    if (port > 0) return port;
    return "https".equalsIgnoreCase(request.getScheme()) ? 443 : 80;
  }

  @Override
  public List<String> requestHeader(HttpRequest request, String name) {
    return values(request, name);
  }

  @Override
  public int statusCode(HttpResponse response) {
    return response.getCode();
  }

  @Override
  public List<String> responseHeader(HttpResponse response, String name) {
    return values(response, name);
  }

  @Override
  public String protocolVersion(HttpResponse response) {
    ProtocolVersion version = response.getVersion();
    if (version == null) return null;
    // Constants for the versions there are: this runs per attempt.
    if (version.getMajor() == 1) return version.getMinor() == 1 ? "1.1" : version.getMinor() == 0 ? "1.0" : null;
    return version.getMajor() == 2 ? "2" : null;
  }

  static URI uri(HttpRequest request) {
    try {
      return request.getUri();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> values(MessageHeaders message, String name) {
    Header[] headers = message.getHeaders(name);
    List<String> values = new ArrayList<>(headers.length);
    for (Header header : headers) values.add(header.getValue());
    return values;
  }
}

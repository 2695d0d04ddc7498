package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny HTTP client model for the tests of the shared client lifecycle: a request and a response record and the
 * {@link ClientAdapter} over them. Header names are looked up without regard to case, as real clients do.
 */
final class TestHttp {
  static final String COMPONENT = "test-http";

  private TestHttp() {}

  /** A request as a client would hold it: nothing here is parsed from the URL, so each test says what it means. */
  record Req(String method, String url, String host, int port, Map<String, List<String>> headers) {
    static Req get(String url, String host, int port) {
      return new Req("GET", url, host, port, Map.of());
    }

    Req withHeaders(Map<String, List<String>> newHeaders) {
      return new Req(method, url, host, port, newHeaders);
    }
  }

  /** A response: a status and headers. */
  record Resp(int status, Map<String, List<String>> headers) {
    static Resp of(int status) {
      return new Resp(status, Map.of());
    }
  }

  /** The adapter a client module would write over its own types. */
  static class Adapter implements ClientAdapter<Req, Resp> {
    @Override
    public String method(Req request) {
      return request.method();
    }

    @Override
    public String url(Req request) {
      return request.url();
    }

    @Override
    public String host(Req request) {
      return request.host();
    }

    @Override
    public int port(Req request) {
      return request.port();
    }

    @Override
    public List<String> requestHeader(Req request, String name) {
      return lookup(request.headers(), name);
    }

    @Override
    public int statusCode(Resp response) {
      return response.status();
    }

    @Override
    public List<String> responseHeader(Resp response, String name) {
      return lookup(response.headers(), name);
    }

    private static List<String> lookup(Map<String, List<String>> headers, String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return header.getValue();
        }
      }
      return List.of();
    }
  }

  static ClientTracing.Builder<Req, Resp> builder(TracerBinding binding) {
    return ClientTracing.newBuilder(binding, new Adapter(), COMPONENT);
  }
}

package io.github.httptrace.brave;

/**
 * The path of an absolute URL, as Brave's {@code http.path} records it: no query or fragment, {@code /} for none. The
 * core's rule ({@code RequestFacts.path()}), which the requests read from their facts.
 */
final class UrlPath {
  private UrlPath() {}

  static String of(String url) {
    return io.github.httptrace.core.internal.UrlPath.of(url);
  }
}

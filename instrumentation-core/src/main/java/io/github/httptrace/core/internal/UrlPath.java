package io.github.httptrace.core.internal;

/**
 * The path of an absolute URL, as {@code http.path} (and {@code RequestFacts.path()}) gives it: no query or
 * fragment, {@code /} for none.
 */
public final class UrlPath {
  private UrlPath() {}

  /** The path of {@code url}; null for null. */
  public static String of(String url) {
    if (url == null) return null;
    int scheme = url.indexOf("://");
    int authority = scheme < 0 ? 0 : scheme + 3;
    int start = -1;
    int end = url.length();
    for (int i = authority; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
      if (c == '/' && start < 0) start = i;
    }
    // RFC 7230 2.7.3: an empty path is the same as "/".
    return start < 0 || end == start ? "/" : url.substring(start, end);
  }
}

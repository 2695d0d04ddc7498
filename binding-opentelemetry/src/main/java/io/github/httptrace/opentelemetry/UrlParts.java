package io.github.httptrace.opentelemetry;

/**
 * The scheme, path and query of a URL the core already sanitized, split by hand: the text may be cut short or carry
 * characters {@link java.net.URI} refuses, and these attributes should still be written. A user's URL function may
 * give a path alone ({@code /a?b=1}): it has a path and a query, and no scheme.
 */
final class UrlParts {
  private UrlParts() {}

  /** The scheme in lowercase ({@code http}), or null when {@code url} has none. */
  static String scheme(String url) {
    if (url == null) return null;
    int colon = url.indexOf("://");
    if (colon <= 0) return null;
    String scheme = url.substring(0, colon);
    if ("http".equals(scheme) || "https".equals(scheme)) return scheme;
    return scheme.toLowerCase(java.util.Locale.ROOT);
  }

  /** The path ({@code /a/b}, {@code /} when empty), or null when {@code url} is neither absolute nor a path. */
  static String path(String url) {
    int start = pathStart(url);
    if (start < 0) return null;
    int end = end(url, start);
    return start == end ? "/" : url.substring(start, end);
  }

  /** The query without {@code ?}, or null when there is none. */
  static String query(String url) {
    int start = pathStart(url);
    if (start < 0) return null;
    int question = url.indexOf('?', start);
    if (question < 0) return null;
    int hash = url.indexOf('#', question);
    return url.substring(question + 1, hash < 0 ? url.length() : hash);
  }

  private static int pathStart(String url) {
    if (url == null) return -1;
    if (url.startsWith("/")) return 0;
    int colon = url.indexOf("://");
    if (colon <= 0) return -1;
    int authority = colon + 3;
    for (int i = authority; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') return i;
    }
    return url.length();
  }

  private static int end(String url, int start) {
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') return i;
    }
    return url.length();
  }
}

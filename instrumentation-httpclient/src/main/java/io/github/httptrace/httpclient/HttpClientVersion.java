package io.github.httptrace.httpclient;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HttpClient 5 on the class path, checked before anything of this module touches an API newer than 5.4: an older
 * one fails at set-up with a message naming the version found and the range supported, never with a linkage error or
 * wrong spans. A newer one is used as it is.
 */
final class HttpClientVersion {
  /** The versions this module is built and tested for. */
  static final String SUPPORTED = "5.4 through 5.6";
  /** A class that exists from HttpClient 5.4 on, which this module needs (the classic client's TLS strategy). */
  private static final String MARKER_5_4 = "org.apache.hc.client5.http.ssl.TlsSocketStrategy";

  private static final String PROBLEM = problem();

  private HttpClientVersion() {}

  /** Throws {@link IllegalStateException} when the HttpClient on the class path is older than 5.4. */
  static void check() {
    if (PROBLEM != null) throw new IllegalStateException(PROBLEM);
  }

  /** The version the HttpClient jar states (its manifest), or null when it states none (a repackaged jar). */
  static String found() {
    Package pkg = HttpClientBuilder.class.getPackage();
    return pkg == null ? null : pkg.getImplementationVersion();
  }

  private static String problem() {
    try {
      Class.forName(MARKER_5_4, false, HttpClientBuilder.class.getClassLoader());
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      String found = found();
      return "HTTP Trace for Apache HttpClient supports httpclient5 " + SUPPORTED + " (newer versions are used as"
          + " they are); found httpclient5 " + (found != null ? found : "older than 5.4 (it has no " + MARKER_5_4
          + ")") + ". Upgrade org.apache.httpcomponents.client5:httpclient5 to 5.4 or newer.";
    }
  }
}

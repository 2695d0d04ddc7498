package io.github.httptrace.okhttp;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The OkHttp on the class path, read once: which of the two ways of tracing it takes, or why it is refused.
 *
 * <p>From 5.3, OkHttp tells its listeners each decision to follow up or retry and lets the call carry a tag; this
 * module then uses those hooks. OkHttp 4.12 has neither: each attempt is then recognised by the network
 * interceptor, which OkHttp runs once per hop (see {@link TracedCall}). Anything else (OkHttp 3, 4 before 4.12, 5.0
 * to 5.2) is refused when the instrumentation is installed, with the version found and the range supported, rather
 * than traced wrongly. The check is by feature, so a build that states no version is judged by what it has.
 */
final class OkHttpVersion {
  /** The versions this module is built and tested for. */
  static final String SUPPORTED = "4.12.x and 5.3 or newer";

  private static final OkHttpVersion CURRENT = detect();

  private final String found;
  private final boolean decisionHooks;
  private final String problem;

  private OkHttpVersion(String found, boolean decisionHooks, String problem) {
    this.found = found;
    this.decisionHooks = decisionHooks;
    this.problem = problem;
  }

  /** The OkHttp this class was loaded with. */
  static OkHttpVersion current() {
    return CURRENT;
  }

  /** Throws {@link IllegalStateException} naming the version found and the range supported, if unsupported. */
  void check() {
    if (problem != null) throw new IllegalStateException(problem);
  }

  /** True on 5.3 and newer: follow-up and retry decisions, call tags and {@code EventListener.plus}. */
  boolean hasDecisionHooks() {
    return decisionHooks;
  }

  /** The version OkHttp states, or null when it states none. */
  String found() {
    return found;
  }

  private static OkHttpVersion detect() {
    String found = statedVersion();
    if (hasDecisionHooks(OkHttpClient.class.getClassLoader())) return new OkHttpVersion(found, true, null);
    if (isOkHttp412(found)) return new OkHttpVersion(found, false, null);
    return new OkHttpVersion(found, false, "HTTP Trace for OkHttp supports OkHttp " + SUPPORTED
        + " (newer versions are used as they are); found OkHttp " + (found != null ? found : "of unknown version")
        + ". Use com.squareup.okhttp3:okhttp 4.12.x, or com.squareup.okhttp3:okhttp-jvm 5.3 or newer.");
  }

  /** The hooks of 5.3 this module calls; all or nothing. */
  private static boolean hasDecisionHooks(ClassLoader loader) {
    try {
      Class<?> function0 = Class.forName("kotlin.jvm.functions.Function0", false, loader);
      Call.class.getMethod("tag", Class.class, function0);
      EventListener.class.getMethod("plus", EventListener.class);
      EventListener.class.getMethod("followUpDecision", Call.class, Response.class, Request.class);
      EventListener.class.getMethod("retryDecision", Call.class, java.io.IOException.class, boolean.class);
      EventListener.class.getMethod("dispatcherQueueEnd", Call.class, okhttp3.Dispatcher.class);
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static boolean isOkHttp412(String version) {
    if (version == null) return false;
    String[] parts = version.split("[.-]");
    try {
      return parts.length >= 2 && Integer.parseInt(parts[0]) == 4 && Integer.parseInt(parts[1]) >= 12;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * {@code okhttp3.OkHttp.VERSION} (OkHttp 4 and 5), read reflectively: it is a compile-time constant, which
   * {@code javac} would otherwise copy from the version compiled against. OkHttp 3 states it in its user agent.
   */
  private static String statedVersion() {
    ClassLoader loader = OkHttpClient.class.getClassLoader();
    try {
      Object version = Class.forName("okhttp3.OkHttp", true, loader).getField("VERSION").get(null);
      if (version instanceof String) return (String) version;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // Not OkHttp 4 or 5: try OkHttp 3's way below.
    }
    try {
      Object agent = Class.forName("okhttp3.internal.Version", true, loader).getMethod("userAgent").invoke(null);
      if (agent instanceof String) {
        String text = (String) agent;
        return text.startsWith("okhttp/") ? text.substring("okhttp/".length()) : text;
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      // States no version.
    }
    Package pkg = OkHttpClient.class.getPackage();
    return pkg == null ? null : pkg.getImplementationVersion();
  }
}

package io.github.httptrace.core;

/**
 * Tag keys recorded on HTTP spans. They follow the OpenTracing semantic conventions ({@link
 * io.opentracing.tag.Tags}); the constants here add the header tags that the conventions leave open.
 */
public final class HttpTags {
  /** Prefix of an allow-listed request header tag: {@code http.request.header.<lowercase name>}. */
  public static final String REQUEST_HEADER_PREFIX = "http.request.header.";

  /** Prefix of an allow-listed response header tag: {@code http.response.header.<lowercase name>}. */
  public static final String RESPONSE_HEADER_PREFIX = "http.response.header.";

  /** Value of {@code component} on servlet server spans. */
  public static final String COMPONENT_SERVLET = "java-servlet";

  /** Value of {@code component} on OkHttp client spans. */
  public static final String COMPONENT_OKHTTP = "okhttp";

  /** Value of {@code component} on Apache HttpClient 5 client spans. */
  public static final String COMPONENT_HTTPCLIENT = "apache-httpclient";

  private HttpTags() {}
}

package io.github.httptrace.core;

/**
 * Names every binding shares: the prefixes of allow-listed header tags (OpenTracing's conventions leave them open;
 * OpenTelemetry's are the same) and the default {@code component} of each instrumentation.
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

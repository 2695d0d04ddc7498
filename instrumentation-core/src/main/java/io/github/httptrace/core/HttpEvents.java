package io.github.httptrace.core;

/**
 * Names of the lifecycle events and of their fields, in every binding. The event names are those of Go's {@code
 * net/http/httptrace} and go-stdlib's {@code nethttp}, so a trace looks the same whichever language made the
 * call.
 */
public final class HttpEvents {
  /** Field every event log carries: the event's name. */
  public static final String EVENT = "event";

  /** The standard error log of the OpenTracing binding. */
  public static final String ERROR = "error";

  /** The attempt starts asking for a connection; field {@link #FIELD_HOST_PORT}. */
  public static final String GET_CONN = "GetConn";
  /** Name resolution starts; field {@link #FIELD_HOST}. */
  public static final String DNS_START = "DNSStart";
  /** Name resolution ended; field {@link #FIELD_ADDR} (comma-separated IPs), or {@link #FIELD_ERROR_OBJECT}. */
  public static final String DNS_DONE = "DNSDone";
  /** A TCP connect to one address starts; fields {@link #FIELD_NETWORK}, {@link #FIELD_ADDR}. */
  public static final String CONNECT_START = "ConnectStart";
  /** That TCP connect is up (or failed, with {@link #FIELD_ERROR_OBJECT}). */
  public static final String CONNECT_DONE = "ConnectDone";
  /** The TLS handshake starts. */
  public static final String TLS_HANDSHAKE_START = "TLSHandshakeStart";
  /** The TLS handshake ended; version, cipher suite and peer, or {@link #FIELD_ERROR_OBJECT}. */
  public static final String TLS_HANDSHAKE_DONE = "TLSHandshakeDone";
  /** A connection is ready for the attempt; field {@link #FIELD_REUSED}, and idle facts where known. */
  public static final String GOT_CONN = "GotConn";
  /** The request headers were sent. */
  public static final String WROTE_HEADERS = "WroteHeaders";
  /** The whole request was sent; field {@link #FIELD_BYTES} where known. */
  public static final String WROTE_REQUEST = "WroteRequest";
  /** The response headers start arriving. */
  public static final String GOT_FIRST_RESPONSE_BYTE = "GotFirstResponseByte";
  /** A 3xx led the client to a follow-up request; {@code http.status_code} and {@link #FIELD_LOCATION}. */
  public static final String REDIRECT = "Redirect";
  /** The client retries after a failure; field {@link #FIELD_ERROR_OBJECT}. */
  public static final String RETRY = "Retry";
  /** The response body was read to the end or closed; field {@link #FIELD_BYTES} where known. */
  public static final String CLOSED_BODY = "ClosedBody";

  /** Field of {@code GetConn}: {@code host:port} asked for. */
  public static final String FIELD_HOST_PORT = "hostPort";
  /** Field of {@code DNSStart}: the name being resolved. */
  public static final String FIELD_HOST = "host";
  /** Field of {@code DNSDone} (comma-separated IPs) and of the connect events ({@code ip:port}). */
  public static final String FIELD_ADDR = "addr";
  /** Field of the connect events: always {@code tcp}. */
  public static final String FIELD_NETWORK = "network";
  /** Field of {@code TLSHandshakeDone}: protocol, e.g. {@code TLSv1.3}. */
  public static final String FIELD_TLS_VERSION = "tls.version";
  /** Field of {@code TLSHandshakeDone}: the negotiated cipher suite. */
  public static final String FIELD_TLS_CIPHER_SUITE = "tls.cipher_suite";
  /** Field of {@code TLSHandshakeDone}: the peer certificate's subject DN (RFC 2253). */
  public static final String FIELD_TLS_PEER = "tls.peer";
  /** Field of {@code GotConn}: whether the connection came from the pool (Boolean). */
  public static final String FIELD_REUSED = "reused";
  /** Field of {@code GotConn}: whether the pooled connection was idle (Boolean). */
  public static final String FIELD_WAS_IDLE = "was_idle";
  /** Field of {@code GotConn}: how long it was idle, in microseconds (Long). */
  public static final String FIELD_IDLE_TIME_US = "idle_time_us";
  /** Field of {@code WroteRequest} and {@code ClosedBody}: body bytes (Long). */
  public static final String FIELD_BYTES = "bytes";
  /** Field of {@code Redirect}: the redirect's status (Integer). */
  public static final String FIELD_STATUS_CODE = "http.status_code";
  /** Field of {@code Redirect}: the sanitized target. */
  public static final String FIELD_LOCATION = "location";

  /** Field of the error log: the exception's class name. */
  public static final String FIELD_ERROR_KIND = "error.kind";
  /** Field of the error log and of a failing phase's event: the Throwable. */
  public static final String FIELD_ERROR_OBJECT = "error.object";
  /** Field of the error log: the exception's message. */
  public static final String FIELD_MESSAGE = "message";
  /** Field of the error log: the stack trace as text. */
  public static final String FIELD_STACK = "stack";

  private HttpEvents() {}
}

package io.github.httptrace.core;

/**
 * Names of the span-log events and of their fields. The event names are those of Go's {@code
 * net/http/httptrace} and go-stdlib's {@code nethttp}, so a trace looks the same whichever language made the
 * call.
 */
public final class HttpEvents {
  /** Field every event log carries: the event's name. */
  public static final String EVENT = "event";

  /** The standard error log, see {@link ErrorLog}. */
  public static final String ERROR = "error";

  public static final String GET_CONN = "GetConn";
  public static final String DNS_START = "DNSStart";
  public static final String DNS_DONE = "DNSDone";
  public static final String CONNECT_START = "ConnectStart";
  public static final String CONNECT_DONE = "ConnectDone";
  public static final String TLS_HANDSHAKE_START = "TLSHandshakeStart";
  public static final String TLS_HANDSHAKE_DONE = "TLSHandshakeDone";
  public static final String GOT_CONN = "GotConn";
  public static final String WROTE_HEADERS = "WroteHeaders";
  public static final String WROTE_REQUEST = "WroteRequest";
  public static final String GOT_FIRST_RESPONSE_BYTE = "GotFirstResponseByte";
  public static final String REDIRECT = "Redirect";
  public static final String RETRY = "Retry";
  public static final String CLOSED_BODY = "ClosedBody";

  /** Field of {@code GetConn}: {@code host:port} asked for. */
  public static final String FIELD_HOST_PORT = "hostPort";
  /** Field of {@code DNSStart}: the name being resolved. */
  public static final String FIELD_HOST = "host";
  /** Field of {@code DNSDone} (comma-separated IPs) and of the connect events ({@code ip:port}). */
  public static final String FIELD_ADDR = "addr";
  /** Field of the connect events: always {@code tcp}. */
  public static final String FIELD_NETWORK = "network";
  public static final String FIELD_TLS_VERSION = "tls.version";
  public static final String FIELD_TLS_CIPHER_SUITE = "tls.cipher_suite";
  public static final String FIELD_TLS_PEER = "tls.peer";
  public static final String FIELD_REUSED = "reused";
  public static final String FIELD_WAS_IDLE = "was_idle";
  public static final String FIELD_IDLE_TIME_US = "idle_time_us";
  public static final String FIELD_BYTES = "bytes";
  public static final String FIELD_LOCATION = "location";

  /** Fields of the error log. */
  public static final String FIELD_ERROR_KIND = "error.kind";
  public static final String FIELD_ERROR_OBJECT = "error.object";
  public static final String FIELD_MESSAGE = "message";
  public static final String FIELD_STACK = "stack";

  private HttpEvents() {}
}

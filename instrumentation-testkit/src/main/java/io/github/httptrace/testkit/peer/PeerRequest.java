package io.github.httptrace.testkit.peer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request as a {@link PeerServer} read it off the wire: the request line, every header line in order (a name
 * sent twice is there twice), the body (de-chunked if it came chunked), and where it came: the server's {@link
 * #connectionIndex()} (0 for the first connection it accepted) and the {@link #exchangeIndex()} on that connection
 * (0 for its first request).
 */
public final class PeerRequest {
  private final String method;
  private final String target;
  private final String version;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final int connectionIndex;
  private final int exchangeIndex;
  private final boolean tls;

  PeerRequest(String method, String target, String version, List<Map.Entry<String, String>> headers, byte[] body,
      int connectionIndex, int exchangeIndex, boolean tls) {
    this.method = Objects.requireNonNull(method);
    this.target = Objects.requireNonNull(target);
    this.version = Objects.requireNonNull(version);
    this.headers = List.copyOf(headers);
    this.body = body;
    this.connectionIndex = connectionIndex;
    this.exchangeIndex = exchangeIndex;
    this.tls = tls;
  }

  /** The method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The request target as sent, e.g. {@code /p?token=abc&x=1}. */
  public String target() {
    return target;
  }

  /** The target's path: up to the {@code ?}, if any. */
  public String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /** The target's query as sent (not decoded), after the {@code ?}; null if it has none. */
  public String query() {
    int query = target.indexOf('?');
    return query < 0 ? null : target.substring(query + 1);
  }

  /** The decoded value of the first query parameter {@code name} ({@code ""} if it has none); null if absent. */
  public String queryParameter(String name) {
    String query = query();
    if (query == null) return null;
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String key = decode(equals < 0 ? pair : pair.substring(0, equals));
      if (key.equals(name)) return equals < 0 ? "" : decode(pair.substring(equals + 1));
    }
    return null;
  }

  /** The protocol version, e.g. {@code HTTP/1.1}. */
  public String version() {
    return version;
  }

  /** {@code METHOD target VERSION}. */
  public String requestLine() {
    return method + " " + target + " " + version;
  }

  /** Every header as received, in order, names as the client wrote them, repeats kept. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The values of every header named {@code name} (ignoring case), in the order received; empty if none. */
  public List<String> headerValues(String name) {
    return headers.stream()
        .filter(header -> header.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .collect(Collectors.toUnmodifiableList());
  }

  /** The value of the first header named {@code name} (ignoring case); null if none. */
  public String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) return header.getValue();
    }
    return null;
  }

  /** A copy of the body's bytes; empty if there was none. */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text. */
  public String bodyUtf8() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Which connection of the server it came on: 0 for the first connection the server accepted, then 1, … */
  public int connectionIndex() {
    return connectionIndex;
  }

  /** Which request of its connection it was: 0 for a connection's first, 1 for the one after it (keep-alive), … */
  public int exchangeIndex() {
    return exchangeIndex;
  }

  /** Whether it came over TLS. */
  public boolean tls() {
    return tls;
  }

  @Override
  public String toString() {
    return requestLine() + " (connection " + connectionIndex + ", exchange " + exchangeIndex + ") "
        + headers.stream().map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining(", ", "[", "]"))
        + (body.length == 0 ? "" : " " + body.length + " body bytes");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  static boolean isToken(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}

package io.github.httptrace.testkit.peer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A response a {@link PeerServer} sends, scripted: status, headers, body, when each part leaves the peer, and a
 * {@link PeerFault} to inject instead. Immutable; each {@code with} method returns a changed copy.
 *
 * <p>The peer frames the body itself: it sends {@code Content-Length} (none for 1xx, 204 and 304, and no body to a
 * HEAD), so a scripted {@code Content-Length} or {@code Transfer-Encoding} header is refused.
 *
 * <p>Timing, as the peer writes a response: it has read the whole request, then waits {@link #headersDelay()}, then
 * writes and flushes the status line and headers; if there is a {@link #bodyDelay()} it waits that long, then writes
 * the body, at most {@link #throttleBytes()} at a time with a flush and a wait of {@link #throttlePeriod()} after
 * each such part (except the last), or all at once if the body is not throttled. Every wait ends at once when the
 * server closes.
 */
public final class PeerResponse {
  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final Duration headersDelay;
  private final Duration bodyDelay;
  private final long throttleBytes;
  private final Duration throttlePeriod;
  private final PeerFault fault;

  private PeerResponse(int status, List<Map.Entry<String, String>> headers, byte[] body, Duration headersDelay,
      Duration bodyDelay, long throttleBytes, Duration throttlePeriod, PeerFault fault) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.headersDelay = headersDelay;
    this.bodyDelay = bodyDelay;
    this.throttleBytes = throttleBytes;
    this.throttlePeriod = throttlePeriod;
    this.fault = fault;
  }

  /** A response with status {@code code} (100 to 999), no headers of its own and an empty body. */
  public static PeerResponse status(int code) {
    if (code < 100 || code > 999) throw new IllegalArgumentException("status " + code);
    return new PeerResponse(code, List.of(), new byte[0], Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, null);
  }

  /** A 200 response with {@code body} as UTF-8 text. */
  public static PeerResponse ok(String body) {
    return status(200).withBody(body);
  }

  /** A redirect with status {@code code} to {@code location} (as written in the header, often relative). */
  public static PeerResponse redirect(int code, String location) {
    return status(code).withHeader("Location", location);
  }

  /** This response with the header {@code name: value} added after the others (a name may repeat). */
  public PeerResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)) {
      throw new IllegalArgumentException("header name " + name);
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new IllegalArgumentException("header value of " + name + ": " + value);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
      throw new IllegalArgumentException("the peer frames the body itself; no " + name + " header");
    }
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.add(Map.entry(name, value));
    return new PeerResponse(status, List.copyOf(copy), body, headersDelay, bodyDelay, throttleBytes,
        throttlePeriod, fault);
  }

  /** This response with {@code text} as its body, in UTF-8. */
  public PeerResponse withBody(String text) {
    return withBody(text.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with {@code bytes} as its body (copied), of any size. */
  public PeerResponse withBody(byte[] bytes) {
    return new PeerResponse(status, headers, bytes.clone(), headersDelay, bodyDelay, throttleBytes, throttlePeriod,
        fault);
  }

  /** This response sent {@code delay} after the request was read: the peer is slow to answer. */
  public PeerResponse withHeadersDelay(Duration delay) {
    return new PeerResponse(status, headers, body, nonNegative(delay), bodyDelay, throttleBytes, throttlePeriod,
        fault);
  }

  /** This response's body sent {@code delay} after its headers were flushed: the body is slow to arrive. */
  public PeerResponse withBodyDelay(Duration delay) {
    return new PeerResponse(status, headers, body, headersDelay, nonNegative(delay), throttleBytes, throttlePeriod,
        fault);
  }

  /**
   * This response's body sent {@code bytes} at a time, each part flushed and followed by a wait of {@code period}
   * (except the last): a body that trickles in.
   */
  public PeerResponse withThrottledBody(long bytes, Duration period) {
    if (bytes <= 0) throw new IllegalArgumentException("bytes per period: " + bytes);
    return new PeerResponse(status, headers, body, headersDelay, bodyDelay, bytes, nonNegative(period), fault);
  }

  /** This response with {@code value} injected (see {@link PeerFault}); the rest of it is sent as far as it says. */
  public PeerResponse withFault(PeerFault value) {
    return new PeerResponse(status, headers, body, headersDelay, bodyDelay, throttleBytes, throttlePeriod,
        Objects.requireNonNull(value, "fault"));
  }

  /** The status code. */
  public int status() {
    return status;
  }

  /** The scripted headers, in order, repeats kept (the peer adds {@code Content-Length}). */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  /** How long the peer waits, after reading the request, before sending the headers. */
  public Duration headersDelay() {
    return headersDelay;
  }

  /** How long the peer waits, after flushing the headers, before sending the body. */
  public Duration bodyDelay() {
    return bodyDelay;
  }

  /** Bytes of the body sent per part when throttled; 0 for a body sent at once. */
  public long throttleBytes() {
    return throttleBytes;
  }

  /** The wait after each part of a throttled body. */
  public Duration throttlePeriod() {
    return throttlePeriod;
  }

  /** The fault to inject, or null for none. */
  public PeerFault fault() {
    return fault;
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyBytes() {
    return body;
  }

  @Override
  public String toString() {
    return "PeerResponse{" + status + ", headers " + headers + ", " + body.length + " body bytes"
        + (headersDelay.isZero() ? "" : ", headers after " + headersDelay)
        + (bodyDelay.isZero() ? "" : ", body after " + bodyDelay)
        + (throttleBytes == 0 ? "" : ", " + throttleBytes + " bytes per " + throttlePeriod)
        + (fault == null ? "" : ", " + fault) + "}";
  }

  private static Duration nonNegative(Duration delay) {
    if (delay.isNegative()) throw new IllegalArgumentException("negative delay " + delay);
    return delay;
  }
}

package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.TracerBinding;

/**
 * The conventions' {@code client.address} of a server request: the first {@code for=} of {@code Forwarded} (RFC
 * 7239), else the first address of {@code X-Forwarded-For}, else the socket peer. These headers are whatever the
 * client or a proxy wrote, so only the address is kept: quotes, brackets and a port are taken off.
 */
final class ClientAddresses {
  private ClientAddresses() {}

  static String of(TracerBinding.HeaderReader headers, String socketPeer) {
    if (headers != null) {
      String forwarded = forwardedFor(headers.value("forwarded"));
      if (forwarded != null) return forwarded;
      String xff = firstOf(headers.value("x-forwarded-for"));
      if (xff != null) return xff;
    }
    return socketPeer;
  }

  /** The first {@code for=} node of a {@code Forwarded} value, or null. */
  static String forwardedFor(String value) {
    if (value == null) return null;
    String first = value;
    int comma = first.indexOf(',');
    if (comma >= 0) first = first.substring(0, comma);
    for (String pair : first.split(";")) {
      String trimmed = pair.trim();
      if (trimmed.length() > 4 && trimmed.regionMatches(true, 0, "for=", 0, 4)) {
        return node(trimmed.substring(4).trim());
      }
    }
    return null;
  }

  /** The first entry of a comma-separated list, or null when empty. */
  static String firstOf(String value) {
    if (value == null) return null;
    int comma = value.indexOf(',');
    return node((comma < 0 ? value : value.substring(0, comma)).trim());
  }

  /** An address without quotes, IPv6 brackets or a port; null when nothing is left. */
  private static String node(String node) {
    String n = node;
    if (n.length() >= 2 && n.charAt(0) == '"' && n.charAt(n.length() - 1) == '"') n = n.substring(1, n.length() - 1);
    if (n.startsWith("[")) {
      int close = n.indexOf(']');
      n = close < 0 ? n.substring(1) : n.substring(1, close);
    } else {
      int colon = n.indexOf(':');
      // One colon: host:port. More: an IPv6 address without brackets, kept whole.
      if (colon >= 0 && n.indexOf(':', colon + 1) < 0) n = n.substring(0, colon);
    }
    n = n.trim();
    return n.isEmpty() ? null : n;
  }
}

package io.github.httptrace.core;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Tags the address of the other side of a connection: {@code peer.ipv4} or {@code peer.ipv6}, and {@code
 * peer.port}. Only addresses already in hand are used; nothing here ever does a (slow, leaky) reverse DNS
 * lookup.
 */
public final class PeerTags {
  private PeerTags() {}

  /**
   * Tags {@code span} with a textual IP address as servers report it ({@code 127.0.0.1}, {@code ::1}, {@code
   * [::1]}) and a port; a null or empty address or a port below 1 is left out.
   */
  public static void tagAddress(Span span, String ip, int port) {
    if (ip != null && !ip.isEmpty()) {
      if (ip.indexOf(':') >= 0) {
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        span.setTag(Tags.PEER_HOST_IPV6, bare);
      } else {
        span.setTag(Tags.PEER_HOST_IPV4.getKey(), ip);
      }
    }
    if (port > 0) span.setTag(Tags.PEER_PORT, port);
  }

  /** Tags {@code span} with a resolved address and a port; {@link InetAddress#getHostAddress()} does no lookup. */
  public static void tagAddress(Span span, InetAddress address, int port) {
    if (address == null) {
      tagAddress(span, (String) null, port);
    } else if (address instanceof Inet6Address) {
      span.setTag(Tags.PEER_HOST_IPV6, address.getHostAddress());
      if (port > 0) span.setTag(Tags.PEER_PORT, port);
    } else {
      tagAddress(span, address.getHostAddress(), port);
    }
  }
}

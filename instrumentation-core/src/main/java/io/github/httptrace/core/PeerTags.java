package io.github.httptrace.core;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Tags the address of the other side of a connection: {@code peer.ipv4} or {@code peer.ipv6}, and {@code
 * peer.port}. Only addresses already in hand are used; nothing here ever does a (slow, leaky) DNS lookup. IPv6
 * addresses are written in their short form ({@code ::1}, RFC 5952) whichever way they arrive, so one peer is
 * tagged one way by every instrumentation.
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
        span.setTag(Tags.PEER_HOST_IPV6, shortIpv6(ip));
      } else {
        span.setTag(Tags.PEER_HOST_IPV4.getKey(), ip);
      }
    }
    if (port > 0) span.setTag(Tags.PEER_PORT, port);
  }

  /** Tags {@code span} with a resolved address and a port. */
  public static void tagAddress(Span span, InetAddress address, int port) {
    if (address instanceof Inet6Address) {
      span.setTag(Tags.PEER_HOST_IPV6, shortForm(address.getAddress()));
      if (port > 0) span.setTag(Tags.PEER_PORT, port);
    } else {
      tagAddress(span, address == null ? null : address.getHostAddress(), port);
    }
  }

  /** The textual form of {@code address} used in every tag and event: IPv6 in its RFC 5952 short form. */
  public static String ip(InetAddress address) {
    return address instanceof Inet6Address ? shortForm(address.getAddress()) : address.getHostAddress();
  }

  /** {@code host:port}, with an IPv6 literal bracketed ({@code [::1]:8080}), as Go writes addresses. */
  public static String hostPort(String host, int port) {
    return host.indexOf(':') >= 0 ? "[" + shortIpv6(host) + "]:" + port : host + ":" + port;
  }

  /** The short form of an IPv6 literal; text that is not one is returned without its brackets. */
  private static String shortIpv6(String ip) {
    String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    try {
      // A text with ':' is parsed as an IPv6 literal; getByName never resolves it.
      InetAddress parsed = InetAddress.getByName(bare);
      return parsed instanceof Inet6Address ? shortForm(parsed.getAddress()) : bare;
    } catch (UnknownHostException | RuntimeException notALiteral) {
      return bare;
    }
  }

  /** RFC 5952: lowercase hex, no leading zeros, the longest run (two or more) of zero groups as {@code ::}. */
  static String shortForm(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) i++;
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}

package io.github.httptrace.core.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The textual forms of network addresses used in every tag and event: IPs as servers and clients report them,
 * IPv6 in its short form ({@code ::1}, RFC 5952) whichever way it arrives, and Go's {@code host:port}. Only
 * addresses already in hand are used; nothing here ever does a (slow, leaky) DNS lookup.
 */
public final class Addresses {
  /** Slots of the cache of recent IP texts; a power of two. */
  private static final int CACHED = 16;
  /**
   * The text of recently seen addresses, by identity: a pooled connection hands the same {@link InetAddress} to every
   * request it serves, and a new string per request for the same peer was a measurable share of a request's bytes.
   * Slots are replaced racily; an entry is immutable, so a reader sees a whole one or the one before.
   */
  private static final IpText[] RECENT = new IpText[CACHED];

  private Addresses() {}

  /** One cached address and its text. */
  private record IpText(InetAddress address, String text) {}

  /**
   * A textual IP as a server reports it ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}, a long IPv6 form) in the
   * form every instrumentation records; null or empty stays null.
   */
  public static String ip(String ip) {
    if (ip == null || ip.isEmpty()) return null;
    return ip.indexOf(':') >= 0 ? shortIpv6(ip) : ip;
  }

  /** The textual form of {@code address} used in every tag and event: IPv6 in its RFC 5952 short form. */
  public static String ip(InetAddress address) {
    int slot = System.identityHashCode(address) & (CACHED - 1);
    IpText cached = RECENT[slot];
    if (cached != null && cached.address() == address) return cached.text();
    String text = address instanceof Inet6Address ? shortForm(address.getAddress()) : address.getHostAddress();
    RECENT[slot] = new IpText(address, text);
    return text;
  }

  /** {@code ip:port} of a socket address, by its IP when resolved, else by its host name. */
  public static String hostPort(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    return hostPort(ip != null ? ip(ip) : address.getHostString(), address.getPort());
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

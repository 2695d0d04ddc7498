package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proves that {@link PeerTags} tags the right IP tag and an Integer port, and leaves out what is missing. */
class PeerTagsTest {
  private final MockSpan span = new MockTracer().buildSpan("op").start();

  @Test
  void ipv4() {
    PeerTags.tagAddress(span, "127.0.0.1", 8080);
    assertEquals(Map.of("peer.ipv4", "127.0.0.1", "peer.port", 8080), span.tags());
  }

  @Test
  void ipv6() {
    PeerTags.tagAddress(span, "::1", 443);
    assertEquals(Map.of("peer.ipv6", "::1", "peer.port", 443), span.tags());
  }

  @Test
  void bracketedIpv6() {
    PeerTags.tagAddress(span, "[::1]", 443);
    assertEquals(Map.of("peer.ipv6", "::1", "peer.port", 443), span.tags());
  }

  @Test
  void portZeroOmitted() {
    PeerTags.tagAddress(span, "10.0.0.1", 0);
    assertEquals(Map.of("peer.ipv4", "10.0.0.1"), span.tags());
  }

  @Test
  void negativePortOmitted() {
    PeerTags.tagAddress(span, "::1", -1);
    assertEquals(Map.of("peer.ipv6", "::1"), span.tags());
  }

  @Test
  void nullOrEmptyIpOmitted() {
    PeerTags.tagAddress(span, (String) null, 80);
    PeerTags.tagAddress(span, "", 80);
    assertEquals(Map.of("peer.port", 80), span.tags());
  }

  @Test
  void inet4Address() throws Exception {
    PeerTags.tagAddress(span, InetAddress.getByName("127.0.0.1"), 80);
    assertEquals(Map.of("peer.ipv4", "127.0.0.1", "peer.port", 80), span.tags());
  }

  @Test
  void inet6Address() throws Exception {
    PeerTags.tagAddress(span, InetAddress.getByName("::1"), 80);
    // InetAddress#getHostAddress gives 0:0:0:0:0:0:0:1; the tag uses the short form either way.
    assertEquals(Map.of("peer.ipv6", "::1", "peer.port", 80), span.tags());
  }

  @Test
  void nullInetAddressTagsPortOnly() {
    PeerTags.tagAddress(span, (InetAddress) null, 80);
    assertEquals(Map.of("peer.port", 80), span.tags());
  }

  @ParameterizedTest
  @CsvSource({
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "fe80:0:0:0:0:0:0:00ab, fe80::ab",
      "[0:0:0:0:0:0:0:1], ::1"})
  void ipv6IsWrittenInShortForm(String given, String tagged) {
    PeerTags.tagAddress(span, given, 0);
    assertEquals(Map.of("peer.ipv6", tagged), span.tags());
  }

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 127.0.0.1",
      "10.20.30.40, 10.20.30.40",
      "::1, ::1",
      "0:0:0:0:0:0:0:1, ::1",
      "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "[fe80:0:0:0:0:0:0:ab], fe80::ab",
      "::ffff:10.0.0.1, 10.0.0.1"})
  void ipWritesAnAddressAsItIsTagged(String literal, String expected) throws Exception {
    InetAddress address = InetAddress.getByName(literal);

    assertEquals(expected, PeerTags.ip(address));
    // The same text as the tag on a span, for each kind of address.
    PeerTags.tagAddress(span, address, 0);
    assertEquals(expected, span.tags().values().iterator().next());
  }

  @Test
  void ipNeverLooksUpAName() throws Exception {
    // An address with a host name already attached: the IP is written, never the name.
    InetAddress named = InetAddress.getByAddress("api.example.com", new byte[] {10, 0, 0, 7});

    assertEquals("10.0.0.7", PeerTags.ip(named));
  }

  @ParameterizedTest
  @CsvSource({
      "example.com, 443, example.com:443",
      "127.0.0.1, 80, 127.0.0.1:80",
      "::1, 8080, [::1]:8080",
      "[::1], 8080, [::1]:8080",
      "0:0:0:0:0:0:0:1, 8080, [::1]:8080",
      "2001:DB8:0:0:0:0:0:1, 443, [2001:db8::1]:443",
      "localhost, 0, localhost:0"})
  void hostPortWritesAddressesAsGoDoes(String host, int port, String expected) {
    assertEquals(expected, PeerTags.hostPort(host, port));
  }

  @Test
  void hostPortOfAnIpAgreesWithTheIpTag() throws Exception {
    InetAddress address = InetAddress.getByName("0:0:0:0:0:0:0:1");

    assertEquals("[::1]:443", PeerTags.hostPort(PeerTags.ip(address), 443));
  }
}

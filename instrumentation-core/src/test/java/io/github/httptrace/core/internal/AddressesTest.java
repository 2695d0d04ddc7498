package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Proves that {@link Addresses} writes IPs in short form and {@code host:port} as Go does, never resolving. */
class AddressesTest {

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 127.0.0.1",
      "10.20.30.40, 10.20.30.40",
      "::1, ::1",
      "[::1], ::1",
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "fe80:0:0:0:0:0:0:00ab, fe80::ab",
      "[0:0:0:0:0:0:0:1], ::1"})
  void aTextualIpIsWrittenInShortForm(String given, String written) {
    assertEquals(written, Addresses.ip(given));
  }

  @Test
  void aNullOrEmptyTextualIpIsNull() {
    assertNull(Addresses.ip((String) null));
    assertNull(Addresses.ip(""));
  }

  @Test
  void textThatIsNotAnIpv6LiteralLosesOnlyItsBrackets() {
    assertEquals("not:an:ip", Addresses.ip("[not:an:ip]"));
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
  void anInetAddressIsWrittenInShortForm(String literal, String expected) throws Exception {
    InetAddress address = InetAddress.getByName(literal);

    assertEquals(expected, Addresses.ip(address));
  }

  @Test
  void anInetAddressAndItsTextAreWrittenAlike() throws Exception {
    // InetAddress#getHostAddress gives 0:0:0:0:0:0:0:1; both forms are written ::1.
    InetAddress address = InetAddress.getByName("::1");

    assertEquals(Addresses.ip(address.getHostAddress()), Addresses.ip(address));
  }

  @Test
  void ipNeverLooksUpAName() throws Exception {
    // An address with a host name already attached: the IP is written, never the name.
    InetAddress named = InetAddress.getByAddress("api.example.com", new byte[] {10, 0, 0, 7});

    assertEquals("10.0.0.7", Addresses.ip(named));
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
    assertEquals(expected, Addresses.hostPort(host, port));
  }

  @Test
  void hostPortOfAnIpAgreesWithTheIp() throws Exception {
    InetAddress address = InetAddress.getByName("0:0:0:0:0:0:0:1");

    assertEquals("[::1]:443", Addresses.hostPort(Addresses.ip(address), 443));
  }

  @Test
  void hostPortOfAResolvedSocketAddressUsesItsIp() throws Exception {
    InetAddress named = InetAddress.getByAddress("api.example.com", new byte[] {10, 0, 0, 7});
    InetAddress ipv6 = InetAddress.getByName("0:0:0:0:0:0:0:1");

    assertEquals("10.0.0.7:8443", Addresses.hostPort(new InetSocketAddress(named, 8443)));
    assertEquals("[::1]:443", Addresses.hostPort(new InetSocketAddress(ipv6, 443)));
  }

  @Test
  void hostPortOfAnUnresolvedSocketAddressUsesItsHostName() {
    assertEquals("api.example.com:443",
        Addresses.hostPort(InetSocketAddress.createUnresolved("api.example.com", 443)));
  }

  @ParameterizedTest
  @CsvSource({
      "0:0:0:0:0:0:0:1, ::1",
      "1:0:0:1:0:0:0:1, 1:0:0:1::1",
      "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
      "ABCD:0:0:0:0:0:0:0, abcd::"})
  void theShortFormTakesTheLongestRunOfZerosAndNoSingleOne(String literal, String expected) throws Exception {
    assertEquals(expected, Addresses.shortForm(InetAddress.getByName(literal).getAddress()));
  }
}

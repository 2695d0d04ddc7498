package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.TracerBinding;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {
  @ParameterizedTest(name = "Forwarded: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "for=192.0.2.60;proto=http;by=203.0.113.43 | 192.0.2.60",
      "For=\"[2001:db8:cafe::17]:4711\" | 2001:db8:cafe::17",
      "for=192.0.2.43:8080, for=198.51.100.17 | 192.0.2.43",
      "proto=https;for=\"198.51.100.7\" | 198.51.100.7",
      "by=203.0.113.43 | 10.0.0.9",
      "for= | 10.0.0.9"})
  void forwardedForIsFirst(String forwarded, String expected) {
    assertEquals(expected, ClientAddresses.of(headers(Map.of("forwarded", forwarded,
        "x-forwarded-for", "10.0.0.9")), "127.0.0.1"));
  }

  @ParameterizedTest(name = "X-Forwarded-For: {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "203.0.113.9, 10.0.0.1 | 203.0.113.9",
      "203.0.113.9:5000 | 203.0.113.9",
      "2001:db8::1 | 2001:db8::1",
      "[2001:db8::1]:443 | 2001:db8::1"})
  void xForwardedForIsNext(String xff, String expected) {
    assertEquals(expected, ClientAddresses.of(headers(Map.of("x-forwarded-for", xff)), "127.0.0.1"));
  }

  @ParameterizedTest(name = "none -> socket peer")
  @CsvSource({"127.0.0.1"})
  void theSocketPeerIsLast(String peer) {
    assertEquals(peer, ClientAddresses.of(headers(Map.of()), peer));
    assertEquals(peer, ClientAddresses.of(null, peer));
  }

  private static TracerBinding.HeaderReader headers(Map<String, String> headers) {
    return new TracerBinding.HeaderReader() {
      @Override
      public Iterable<String> names() {
        return headers.keySet();
      }

      @Override
      public String value(String name) {
        return headers.get(name);
      }
    };
  }
}

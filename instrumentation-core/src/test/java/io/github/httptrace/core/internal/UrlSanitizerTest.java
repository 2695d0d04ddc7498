package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves that {@link UrlSanitizer} strips credentials, sensitive values and fragments, truncates, and never throws. */
class UrlSanitizerTest {
  private final UrlSanitizer sanitizer = UrlSanitizer.defaults();

  @Test
  void removesUserAndPassword() {
    assertEquals("https://example.com/a?page=2", sanitizer.sanitize("https://bob:pw@example.com/a?page=2"));
  }

  @Test
  void removesUserWithoutPassword() {
    assertEquals("http://example.com:8080/", sanitizer.sanitize("http://bob@example.com:8080/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AWSAccessKeyId", "Signature", "X-Amz-Signature", "X-Amz-Credential",
      "X-Amz-Security-Token", "sig", "X-Goog-Signature", "token", "access_token", "api_key", "apikey", "password",
      "secret"})
  void redactsDefaultSensitiveParameter(String name) {
    assertEquals("https://h/p?a=1&" + name + "=REDACTED&b=2",
        sanitizer.sanitize("https://h/p?a=1&" + name + "=s3cr3t&b=2"));
  }

  @Test
  void matchesNamesIgnoringCase() {
    assertEquals("http://h/?TOKEN=REDACTED&x-amz-signature=REDACTED",
        sanitizer.sanitize("http://h/?TOKEN=a&x-amz-signature=b"));
  }

  @Test
  void matchesPercentEncodedNames() {
    assertEquals("http://h/?%74oken=REDACTED&api%5Fkey=REDACTED", sanitizer.sanitize("http://h/?%74oken=a&api%5Fkey=b"));
  }

  @Test
  void keepsOtherParametersAndTheirOrder() {
    assertEquals("http://h/p?z=1&a=2&m=3&a=4", sanitizer.sanitize("http://h/p?z=1&a=2&m=3&a=4"));
  }

  @Test
  void keepsParameterWithoutEquals() {
    assertEquals("http://h/p?token&a=1", sanitizer.sanitize("http://h/p?token&a=1"));
  }

  @Test
  void redactsEmptyValue() {
    assertEquals("http://h/p?token=REDACTED", sanitizer.sanitize("http://h/p?token="));
  }

  @Test
  void dropsFragment() {
    assertEquals("http://h/p?a=1", sanitizer.sanitize("http://h/p?a=1#token=x"));
    assertEquals("http://h/p", sanitizer.sanitize("http://h/p#frag?token=x"));
  }

  @Test
  void withAdditionalKeepsDefaults() {
    UrlSanitizer custom = UrlSanitizer.withAdditional(List.of("session"));
    assertEquals("https://example.com/a?session=REDACTED&token=REDACTED&page=2",
        custom.sanitize("https://bob:pw@example.com/a?session=42&token=t&page=2"));
  }

  @Test
  void ofReplacesDefaults() {
    UrlSanitizer custom = UrlSanitizer.of(List.of("Session"));
    assertEquals("http://h/?session=REDACTED&token=t", custom.sanitize("http://h/?session=42&token=t"));
  }

  @Test
  void truncatesToMaxLength() {
    String url = "http://h/" + "a".repeat(3000);
    String sanitized = sanitizer.sanitize(url);
    assertEquals(2048, sanitized.length());
    assertEquals(url.substring(0, 2048), sanitized);
  }

  @Test
  void keepsUrlOfExactlyMaxLength() {
    String url = "http://h/" + "a".repeat(2048 - "http://h/".length());
    assertEquals(2048, url.length());
    assertEquals(url, sanitizer.sanitize(url));
  }

  @Test
  void nullIsNull() {
    assertNull(sanitizer.sanitize(null));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", ""),
        Arguments.of("?", "?"),
        Arguments.of("http://", "http://"),
        Arguments.of("://x", "://x"),
        Arguments.of("%zz=1", "%zz=1"),
        Arguments.of("?%zz=1", "?%zz=1"),
        Arguments.of("a?%=&&=b", "a?%=&&=b"),
        Arguments.of("http://[::1]:80/p?token=x", "http://[::1]:80/p?token=REDACTED"),
        Arguments.of("http://u:p@[::1]:80/p", "http://[::1]:80/p"),
        Arguments.of("/path?token=x", "/path?token=REDACTED"),
        Arguments.of("http://h?x=1@evil", "http://h?x=1@evil"),
        Arguments.of("http://h/p@x", "http://h/p@x"),
        Arguments.of("http://user:pw@", "http://"),
        Arguments.of("#", ""),
        Arguments.of("?&=", "?&="));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedInputNeverThrows(String url, String expected) {
    assertEquals(expected, assertDoesNotThrow(() -> sanitizer.sanitize(url)));
  }

  /** A network-path reference (e.g. a {@code Location: //user:pw@host/} header) carries userinfo too. */
  @Test
  void removesUserinfoFromSchemeRelativeUrl() {
    assertEquals("//example.com/p", sanitizer.sanitize("//bob:pw@example.com/p"));
  }

  /** The common case costs no copy: a URL with nothing to remove comes back as the same string. */
  @ParameterizedTest
  @ValueSource(strings = {"http://example.com/a?page=2&tokens=1&key2=3", "https://example.com", "/p?a=b&c",
      "http://[::1]:80/p?x=1@evil"})
  void aCleanUrlIsReturnedItself(String url) {
    assertSame(url, sanitizer.sanitize(url));
  }

  /** Names compared in place must agree with names compared after decoding, whatever their case or length. */
  @ParameterizedTest
  @ValueSource(strings = {"ApiKey", "X-AMZ-SIGNATURE", "Client_Secret", "%6Bey", "api%5Fkey", "PASSWD"})
  void namesOfEveryLengthAndCaseAreRecognized(String name) {
    assertEquals("http://h/p?a=1&" + name + "=REDACTED&b=2", sanitizer.sanitize("http://h/p?a=1&" + name + "=v&b=2"));
  }

  @Test
  void aNameLongerThanEverySensitiveOneIsKept() {
    String url = "http://h/p?x_amz_security_token_and_more=1";
    assertSame(url, sanitizer.sanitize(url));
  }
}

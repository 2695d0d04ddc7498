package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlPartsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "http://h:1/a/b?x=1&y=REDACTED | http | /a/b | x=1&y=REDACTED",
      "https://h | https | / | null",
      "https://h?q | https | / | q",
      "HTTP://h/p#frag | http | /p | null",
      "http://h/p?q=1#frag | http | /p | q=1",
      "/relative?token=REDACTED | null | /relative | token=REDACTED",
      "relative | null | null | null",
      "null | null | null | null"})
  void schemePathAndQueryOfASanitizedUrl(String url, String scheme, String path, String query) {
    assertEquals(scheme, UrlParts.scheme(url));
    assertEquals(path, UrlParts.path(url));
    assertEquals(query, UrlParts.query(url));
  }
}

package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeaderAllowList} normalizes names and tags only allow-listed, present headers. */
class HeaderAllowListTest {
  private final MockSpan span = new MockTracer().buildSpan("op").start();

  @Test
  void namesAreLowercasedTrimmedAndBlankIgnored() {
    HeaderAllowList list = HeaderAllowList.of(Arrays.asList(" User-Agent ", "X-Req", "", "  ", null, "x-req"));

    assertEquals(List.of("user-agent", "x-req"), List.copyOf(list.names()));
    assertFalse(list.isEmpty());
  }

  @Test
  void tagsPresentHeadersUnderLowercaseNames() {
    HeaderAllowList list = HeaderAllowList.of(List.of("X-Single", "X-Multi", "X-Null", "X-Empty"));
    Map<String, List<String>> headers = Map.of("x-single", List.of("a"), "x-multi", List.of("a", "b", "c"),
        "x-empty", List.of());
    List<String> asked = new ArrayList<>();

    list.tag(span, HttpTags.REQUEST_HEADER_PREFIX, name -> {
      asked.add(name);
      return headers.get(name);
    });

    assertEquals(Map.of("http.request.header.x-single", "a", "http.request.header.x-multi", "a, b, c"), span.tags());
    assertEquals(List.of("x-single", "x-multi", "x-null", "x-empty"), asked);
  }

  @Test
  void truncatesValues() {
    HeaderAllowList.of(List.of("X-Long")).tag(span, HttpTags.RESPONSE_HEADER_PREFIX,
        name -> List.of("v".repeat(3000)));

    assertEquals(Map.of("http.response.header.x-long", "v".repeat(2048)), span.tags());
  }

  @Test
  void noneIsEmptyAndTagsNothing() {
    assertTrue(HeaderAllowList.none().isEmpty());
    assertTrue(HeaderAllowList.none().names().isEmpty());
    assertSame(HeaderAllowList.none(), HeaderAllowList.of(List.of(" ", "")));

    HeaderAllowList.none().tag(span, HttpTags.REQUEST_HEADER_PREFIX, name -> List.of("x"));
    assertEquals(Map.of(), span.tags());
  }
}

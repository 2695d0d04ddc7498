package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeaderAllowList} normalizes names and hands on only allow-listed, present headers. */
class HeaderAllowListTest {
  private final Map<String, List<String>> recorded = new LinkedHashMap<>();

  @Test
  void namesAreLowercasedTrimmedAndBlankIgnored() {
    HeaderAllowList list = HeaderAllowList.of(Arrays.asList(" User-Agent ", "X-Req", "", "  ", null, "x-req"));

    assertEquals(List.of("user-agent", "x-req"), List.copyOf(list.names()));
    assertFalse(list.isEmpty());
  }

  @Test
  void handsOnPresentHeadersUnderLowercaseNamesInListOrder() {
    HeaderAllowList list = HeaderAllowList.of(List.of("X-Single", "X-Multi", "X-Null", "X-Empty"));
    Map<String, List<String>> headers = Map.of("x-single", List.of("a"), "x-multi", List.of("a", "b", "c"),
        "x-empty", List.of());
    List<String> asked = new ArrayList<>();

    list.forEach(name -> {
      asked.add(name);
      return headers.get(name);
    }, recorded::put);

    assertEquals(Map.of("x-single", List.of("a"), "x-multi", List.of("a", "b", "c")), recorded);
    assertEquals(List.of("x-single", "x-multi"), List.copyOf(recorded.keySet()));
    assertEquals(List.of("x-single", "x-multi", "x-null", "x-empty"), asked);
  }

  @Test
  void truncatesEachValue() {
    HeaderAllowList.of(List.of("X-Long")).forEach(name -> List.of("v".repeat(3000), "short", "w".repeat(2049)),
        recorded::put);

    assertEquals(Map.of("x-long", List.of("v".repeat(2048), "short", "w".repeat(2048))), recorded);
  }

  @Test
  void valuesWithinTheLimitAreHandedOnAsTheyAre() {
    List<String> values = List.of("v".repeat(2048), "short");

    HeaderAllowList.of(List.of("X-Ok")).forEach(name -> values, recorded::put);

    assertSame(values, recorded.get("x-ok"));
  }

  @Test
  void noneIsEmptyAndHandsOnNothing() {
    assertTrue(HeaderAllowList.none().isEmpty());
    assertTrue(HeaderAllowList.none().names().isEmpty());
    assertSame(HeaderAllowList.none(), HeaderAllowList.of(List.of(" ", "")));

    HeaderAllowList.none().forEach(name -> List.of("x"), recorded::put);
    assertEquals(Map.of(), recorded);
  }
}

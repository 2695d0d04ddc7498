package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a container adapter reads from a {@link WebApp}: filters in order, for every dispatch, and the rest. */
class WebAppTest {
  @Test
  void filtersKeepTheirOrderAndAreMappedForEveryDispatchAsync() {
    Filter first = (request, response, chain) -> chain.doFilter(request, response);
    Filter second = (request, response, chain) -> chain.doFilter(request, response);

    WebApp app = WebApp.at("/app").filter(first).filter(second).filter(WebXmlTest.SomeFilter.class, Map.of("a", "b"));

    List<WebApp.FilterSpec> filters = app.filters();
    assertSame(first, filters.get(0).instance());
    assertSame(second, filters.get(1).instance());
    assertEquals(WebXmlTest.SomeFilter.class, filters.get(2).filterClass());
    assertEquals(Map.of("a", "b"), filters.get(2).initParams());
    assertEquals(3, filters.stream().map(WebApp.FilterSpec::name).distinct().count());
    for (WebApp.FilterSpec filter : filters) {
      assertEquals(List.of("/*"), filter.urlPatterns());
      assertEquals(EnumSet.allOf(DispatcherType.class), EnumSet.copyOf(filter.dispatchers()));
      assertTrue(filter.asyncSupported());
    }
  }

  @Test
  void servletsErrorPagesAndAttributes() {
    Object value = new Object();

    WebApp app = WebApp.at("/")
        .servlet("/a", (request, response) -> response.setStatus(204))
        .servlet("/b/*", (request, response) -> response.setStatus(204))
        .errorPage(500, "/error-page")
        .attribute("name", value);

    assertEquals(List.of(List.of("/a"), List.of("/b/*")),
        app.servlets().stream().map(WebApp.ServletSpec::urlPatterns).toList());
    assertTrue(app.servlets().stream().allMatch(WebApp.ServletSpec::asyncSupported));
    assertEquals(Map.of(500, "/error-page"), app.errorPages());
    assertSame(value, app.attributes().get("name"));
  }

  @Test
  void contextPathsAreRootOrOneSlashName() {
    assertEquals("/", WebApp.at("/").contextPath());
    assertThrows(IllegalArgumentException.class, () -> WebApp.at("app"));
    assertThrows(IllegalArgumentException.class, () -> WebApp.at("/app/"));
  }

  @Test
  void aFilterIsAnInstanceOrAClassNotBoth() {
    Filter filter = (request, response, chain) -> { };
    assertThrows(IllegalArgumentException.class, () -> new WebApp.FilterSpec("f", filter, WebXmlTest.SomeFilter.class,
        Map.of(), List.of("/*"), WebApp.ALL_DISPATCHES, true));
    assertThrows(IllegalArgumentException.class, () -> new WebApp.FilterSpec("f", null, null,
        Map.of(), List.of("/*"), WebApp.ALL_DISPATCHES, true));
  }
}

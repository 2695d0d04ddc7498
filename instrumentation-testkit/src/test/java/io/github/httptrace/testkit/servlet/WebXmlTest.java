package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.servlet.webapp.ForwardServlet;
import io.github.httptrace.testkit.servlet.webapp.GetTimeServlet;
import io.github.httptrace.testkit.servlet.webapp.HealthServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's web.xml as written to disk, and as the test kit reads it for a container that cannot. */
class WebXmlTest {
  /** Stands for the tracing filter, which the test kit cannot depend on. */
  public static final class SomeFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {}
  }

  @TempDir
  Path root;

  @Test
  void writesWebInfWebXmlNamingTheFilterClass() throws Exception {
    WebXml.write(root, SomeFilter.class);

    String text = Files.readString(root.resolve("WEB-INF/web.xml"));
    assertTrue(text.contains("<filter-class>" + SomeFilter.class.getName() + "</filter-class>"), text);
    assertTrue(!text.contains("FILTER_CLASS"), text);
  }

  @Test
  void readsFiltersWithInitParamsAndDispatchersAndServletsWithMappings() throws Exception {
    WebXml.write(root, SomeFilter.class);

    WebApp app = WebXml.read("/shop", root, getClass().getClassLoader());

    assertEquals("/shop", app.contextPath());
    assertEquals(1, app.filters().size());
    WebApp.FilterSpec filter = app.filters().get(0);
    assertEquals("tracing", filter.name());
    assertNull(filter.instance());
    assertEquals(SomeFilter.class, filter.type());
    assertEquals(Map.of(
        "skipPattern", "/health|/metrics/.*",
        "operationName", "mapping",
        "component", "shop",
        "requestHeaders", "X-Tenant, User-Agent",
        "responseHeaders", "X-Served-By",
        "sensitiveQueryParameters", "session,card"), filter.initParams());
    assertEquals(List.of("/*"), filter.urlPatterns());
    assertEquals(EnumSet.allOf(DispatcherType.class), EnumSet.copyOf(filter.dispatchers()));
    assertTrue(filter.asyncSupported());

    List<WebApp.ServletSpec> servlets = app.servlets();
    assertEquals(List.of("gettime", "old", "health"), servlets.stream().map(WebApp.ServletSpec::name).toList());
    assertEquals(List.of(GetTimeServlet.class, ForwardServlet.class, HealthServlet.class),
        servlets.stream().map(WebApp.ServletSpec::type).toList());
    assertEquals(List.of(List.of("/gettime"), List.of("/old/*"), List.of("/health", "/metrics/*")),
        servlets.stream().map(WebApp.ServletSpec::urlPatterns).toList());
    assertEquals(List.of(true, false, false), servlets.stream().map(WebApp.ServletSpec::asyncSupported).toList());
  }
}

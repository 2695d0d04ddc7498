package io.github.httptrace.testkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One web application (context) as the suite wants it deployed, whatever the container: filters in the order added
 * (the first is outermost), servlets, error pages and ServletContext attributes. Filters added here are mapped to
 * {@code /*} for every dispatcher type and async-supported, as the README tells users to register the tracing
 * filter; servlets added here are async-supported.
 *
 * <pre>{@code
 * WebApp app = WebApp.at("/app")
 *     .filter(tracingFilter)
 *     .servlet("/hello", (request, response) -> response.getWriter().print("hello"))
 *     .errorPage(500, "/error-page");
 * container.deploy(app);
 * }</pre>
 */
public final class WebApp {
  /** Every dispatcher type: REQUEST, FORWARD, INCLUDE, ASYNC, ERROR. */
  public static final Set<DispatcherType> ALL_DISPATCHES = Set.copyOf(EnumSet.allOf(DispatcherType.class));

  /**
   * A filter: an instance, or a class the container instantiates (then with {@code initParams}).
   *
   * @param name unique in the application
   * @param instance the filter object, or null when {@code type} is given
   * @param type the filter class, or null when {@code instance} is given
   * @param initParams init-params (for a filter made from its class)
   * @param urlPatterns where it is mapped
   * @param dispatchers for which dispatcher types
   * @param asyncSupported whether it is async-supported
   */
  public record FilterSpec(String name, Filter instance, Class<? extends Filter> type, Map<String, String> initParams,
      List<String> urlPatterns, Set<DispatcherType> dispatchers, boolean asyncSupported) {
    /** Validates and copies. */
    public FilterSpec {
      Objects.requireNonNull(name, "name");
      if ((instance == null) == (type == null)) throw new IllegalArgumentException("an instance or a type");
      initParams = Map.copyOf(initParams);
      urlPatterns = List.copyOf(urlPatterns);
      dispatchers = Set.copyOf(dispatchers);
    }

    /** The class the container instantiates, or the instance's class. */
    public Class<? extends Filter> filterClass() {
      return type != null ? type : instance.getClass();
    }
  }

  /**
   * A servlet: an instance, or a class the container instantiates.
   *
   * @param name unique in the application
   * @param instance the servlet object, or null when {@code type} is given
   * @param type the servlet class, or null when {@code instance} is given
   * @param urlPatterns its mappings
   * @param asyncSupported whether it is async-supported
   */
  public record ServletSpec(String name, Servlet instance, Class<? extends Servlet> type, List<String> urlPatterns,
      boolean asyncSupported) {
    /** Validates and copies. */
    public ServletSpec {
      Objects.requireNonNull(name, "name");
      if ((instance == null) == (type == null)) throw new IllegalArgumentException("an instance or a type");
      urlPatterns = List.copyOf(urlPatterns);
    }

    /** The class the container instantiates, or the instance's class. */
    public Class<? extends Servlet> servletClass() {
      return type != null ? type : instance.getClass();
    }
  }

  private final String contextPath;
  private final List<FilterSpec> filters = new ArrayList<>();
  private final List<ServletSpec> servlets = new ArrayList<>();
  private final Map<Integer, String> errorPages = new LinkedHashMap<>();
  private final Map<String, Object> attributes = new LinkedHashMap<>();

  private WebApp(String contextPath) {
    if (!contextPath.startsWith("/") || (contextPath.length() > 1 && contextPath.endsWith("/"))) {
      throw new IllegalArgumentException("a context path is / or /name: " + contextPath);
    }
    this.contextPath = contextPath;
  }

  /** An empty application at {@code contextPath} ({@code /} for the root). */
  public static WebApp at(String contextPath) {
    return new WebApp(contextPath);
  }

  /** Adds {@code filter} after those already added, on {@code /*}, all dispatches, async-supported. */
  public WebApp filter(Filter filter) {
    return filter(new FilterSpec("filter" + filters.size(), filter, null, Map.of(), List.of("/*"), ALL_DISPATCHES,
        true));
  }

  /** Adds a filter the container makes from {@code type} with {@code initParams}, on {@code /*}, all dispatches. */
  public WebApp filter(Class<? extends Filter> type, Map<String, String> initParams) {
    return filter(new FilterSpec("filter" + filters.size(), null, type, initParams, List.of("/*"), ALL_DISPATCHES,
        true));
  }

  /** Adds a filter as {@code spec} says. */
  public WebApp filter(FilterSpec spec) {
    filters.add(spec);
    return this;
  }

  /** Adds a servlet running {@code body} at {@code urlPattern}, async-supported. */
  public WebApp servlet(String urlPattern, ServletBody body) {
    return servlet(new ServletSpec("servlet" + servlets.size(), body.asServlet(), null, List.of(urlPattern), true));
  }

  /** Adds a servlet as {@code spec} says. */
  public WebApp servlet(ServletSpec spec) {
    servlets.add(spec);
    return this;
  }

  /** Sends errors with {@code status} (and exceptions, which the container turns into 500) to {@code location}. */
  public WebApp errorPage(int status, String location) {
    errorPages.put(status, location);
    return this;
  }

  /** Sets a ServletContext attribute before any filter is initialized. */
  public WebApp attribute(String name, Object value) {
    attributes.put(name, value);
    return this;
  }

  /** The context path: {@code /} or {@code /name}. */
  public String contextPath() {
    return contextPath;
  }

  /** The filters, outermost first. */
  public List<FilterSpec> filters() {
    return List.copyOf(filters);
  }

  /** The servlets. */
  public List<ServletSpec> servlets() {
    return List.copyOf(servlets);
  }

  /** Error pages: status to location. */
  public Map<Integer, String> errorPages() {
    return Map.copyOf(errorPages);
  }

  /** ServletContext attributes. */
  public Map<String, Object> attributes() {
    return new LinkedHashMap<>(attributes);
  }
}

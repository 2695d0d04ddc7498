package io.github.httptrace.servlet;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes of a filter's path mappings ({@code /app/api/*}), each made once: a traced request under a path mapping
 * then costs no string for its route. Keyed by servlet path ({@code /api}), of which there are as many as path
 * mappings; the context path is checked on each read, for a filter instance added to more than one context.
 */
final class PathRoutes {
  /**
   * Servlet paths are as few as the application's path mappings, unless a request wrapper in front of the filter
   * invents them: past this many the routes are still right, only made per request.
   */
  static final int MAX_CACHED = 256;

  private final ConcurrentHashMap<String, String> routes = new ConcurrentHashMap<>();

  /** {@code contextPath + servletPath + "/*"}, the route of the path mapping {@code servletPath/*}. */
  String route(String contextPath, String servletPath) {
    String route = routes.get(servletPath);
    // Made for this servlet path under some context path: it is this one's if it has this one's length and start.
    if (route != null && route.length() == contextPath.length() + servletPath.length() + 2
        && route.startsWith(contextPath)) {
      return route;
    }
    route = contextPath + servletPath + "/*";
    if (routes.size() < MAX_CACHED) routes.put(servletPath, route);
    return route;
  }

  /** How many routes are kept, for tests. */
  int size() {
    return routes.size();
  }
}

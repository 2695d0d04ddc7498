package io.github.httptrace.brave;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server span names by Brave's default response parser's rule, {@code GET /api/*} (the method, a space, the route),
 * each made once per method and route: the parser concatenates it anew at every request's finish, a string, its
 * bytes and a builder per request. Routes are the application's mappings, few; methods come from clients, so the
 * cache stops growing at {@value #MAX_NAMES} names and a name beyond them is concatenated per request, as Brave
 * does. Thread-safe.
 */
final class RouteNames {
  static final int MAX_NAMES = 256;

  /** Names by method, then by route. */
  private final Map<String, Map<String, String>> names = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  /**
   * The name Brave's default parser gives a request of {@code method} on {@code route}; null where that parser gives
   * none from the route itself (no method, no route) or names by the status instead (the empty route).
   */
  String name(String method, String route) {
    if (method == null || route == null || route.isEmpty()) return null;
    Map<String, String> byRoute = names.get(method);
    String name = byRoute == null ? null : byRoute.get(route);
    if (name != null) return name;
    name = method + " " + route;
    if (count.get() < MAX_NAMES) {
      // Racing threads may both count one name: the bound only needs to hold roughly.
      if (names.computeIfAbsent(method, m -> new ConcurrentHashMap<>()).putIfAbsent(route, name) == null) {
        count.incrementAndGet();
      }
    }
    return name;
  }
}

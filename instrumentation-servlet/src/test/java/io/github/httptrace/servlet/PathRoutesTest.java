package io.github.httptrace.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PathRoutesTest {
  private final PathRoutes routes = new PathRoutes();

  @Test
  void aServletPathsRouteIsMadeOnceAndThenReused() {
    String first = routes.route("/app", "/api");

    assertEquals("/app/api/*", first);
    assertSame(first, routes.route("/app", new String("/api")), "the same route, not a new string");
    assertEquals(1, routes.size());
  }

  @Test
  void theRootContextAndSlashStar() {
    assertEquals("/api/*", routes.route("", "/api"));
    assertEquals("/*", routes.route("", ""));
    assertEquals("/app/*", routes.route("/app", ""));
  }

  @Test
  void anotherContextPathGetsItsOwnRouteNeverTheCachedOne() {
    assertEquals("/a/api/*", routes.route("/a", "/api"));
    assertEquals("/b/api/*", routes.route("/b", "/api"));
    assertEquals("/bb/api/*", routes.route("/bb", "/api"));
    assertEquals("/api/*", routes.route("", "/api"));
    assertEquals("/a/api/*", routes.route("/a", "/api"));
  }

  @Test
  void pastTheLimitRoutesAreStillRightButNotKept() {
    for (int i = 0; i < PathRoutes.MAX_CACHED + 100; i++) {
      assertEquals("/app/p" + i + "/*", routes.route("/app", "/p" + i));
    }

    assertEquals(PathRoutes.MAX_CACHED, routes.size());
    assertEquals("/app/p" + (PathRoutes.MAX_CACHED + 50) + "/*", routes.route("/app", "/p" + (PathRoutes.MAX_CACHED + 50)));
  }
}

package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RouteNamesTest {
  @Test
  void theNameIsBravesDefaultParsersMethodSpaceRouteMadeOnce() {
    RouteNames names = new RouteNames();
    String first = names.name("GET", "/api/*");
    assertEquals("GET /api/*", first);
    assertSame(first, names.name("GET", new String("/api/*")), "the same name, not a new one");
    assertEquals("POST /api/*", names.name("POST", "/api/*"));
    assertEquals("GET /app/", names.name("GET", "/app/"));
  }

  @Test
  void noNameWhereBravesParserGivesNoneFromTheRoute() {
    RouteNames names = new RouteNames();
    assertNull(names.name(null, "/api/*"), "no method: the parser keeps the name it has");
    assertNull(names.name("GET", null), "no route: the parser keeps the name it has");
    assertNull(names.name("GET", ""), "the empty route: the parser names by status (GET not_found)");
  }

  @Test
  void beyondTheBoundNamesAreStillRightButMadePerRequest() {
    RouteNames names = new RouteNames();
    for (int i = 0; i < RouteNames.MAX_NAMES; i++) names.name("M" + i, "/r");
    String beyond = names.name("OTHER", "/r");
    assertEquals("OTHER /r", beyond);
    assertNotSame(beyond, names.name("OTHER", "/r"), "not kept once the cache is full");
    assertEquals("M0 /r", names.name("M0", "/r"));
  }
}

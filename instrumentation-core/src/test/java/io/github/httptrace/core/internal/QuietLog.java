package io.github.httptrace.core.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns the library's logger off for a test class whose cases make the tracer or hooks fail on purpose: the
 * warnings they cause are proven by {@code RateLimitedLogTest}, not read here, and would bury the build output.
 */
public final class QuietLog implements BeforeAllCallback, AfterAllCallback {
  /** A strong reference, so the level set here sticks. */
  private static final Logger LIBRARY = Logger.getLogger("io.github.httptrace");
  private Level previous;

  @Override
  public void beforeAll(ExtensionContext context) {
    previous = LIBRARY.getLevel();
    LIBRARY.setLevel(Level.OFF);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LIBRARY.setLevel(previous);
  }
}

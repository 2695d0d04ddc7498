package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Each surefire execution runs on the OkHttp it names ({@code okhttp.expected.version}), and the jar, as built,
 * reads that version and picks its way of tracing it: the decision hooks from 5.3, the hops at the network
 * interceptor on 4.12.
 */
class OkHttpVersionTest {
  private static final String EXPECTED = System.getProperty("okhttp.expected.version");

  @Test
  void theOkHttpOnTheClassPathIsTheOneThisExecutionNames() {
    assertEquals(EXPECTED, OkHttpVersion.current().found());
  }

  @Test
  void decisionHooksAreUsedFrom53AndHopsAreFoundAtTheNetworkInterceptorOn412() {
    assertEquals(!EXPECTED.startsWith("4."), OkHttpVersion.current().hasDecisionHooks());
  }
}

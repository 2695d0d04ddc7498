package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;

/**
 * Which OpenTelemetry jars this run's class path has: the build's (the BOM's) in the default execution, the oldest
 * supported API's in the {@code opentelemetry-oldest} execution, so a swap that silently failed is seen.
 */
class ApiVersionTest {
  @Test
  void theApiContextAndSdkJarsAreTheVersionThisExecutionTests() {
    String expected = System.getProperty("httptrace.opentelemetry.expected-api",
        System.getProperty("httptrace.opentelemetry.bom-api"));
    assertEquals(expected, jarVersion(OpenTelemetry.class, "opentelemetry-api"));
    assertEquals(expected, jarVersion(Context.class, "opentelemetry-context"));
    assertEquals(expected, jarVersion(OpenTelemetrySdk.class, "opentelemetry-sdk"));
  }

  /** The version in the file name of the jar {@code type} was loaded from, e.g. 1.57.0. */
  private static String jarVersion(Class<?> type, String artifact) {
    String jar = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    String file = jar.substring(jar.lastIndexOf('/') + 1);
    assertEquals(true, file.startsWith(artifact + "-") && file.endsWith(".jar"), file);
    return file.substring(artifact.length() + 1, file.length() - ".jar".length());
  }
}

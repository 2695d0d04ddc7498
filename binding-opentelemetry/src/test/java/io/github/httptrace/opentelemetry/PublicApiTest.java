package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.PublicTypes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves that this artifact exports exactly its documented API (README, "Public API"): a type made public by
 * accident, or one of the API hidden, fails here.
 */
class PublicApiTest {
  @Test
  void exportsExactlyTheDocumentedTypes() {
    assertEquals(List.of("io.github.httptrace.opentelemetry.OpenTelemetryBinding"),
        PublicTypes.of(Path.of("target", "classes")));
  }
}

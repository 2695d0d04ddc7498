package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    assertEquals(List.of(
        "io.github.httptrace.core.ClientDecorator",
        "io.github.httptrace.core.HttpEvent",
        "io.github.httptrace.core.HttpEvents",
        "io.github.httptrace.core.HttpTags",
        "io.github.httptrace.core.RequestFacts",
        "io.github.httptrace.core.ServerDecorator",
        "io.github.httptrace.core.SpanKind",
        "io.github.httptrace.core.TracerBinding",
        "io.github.httptrace.core.TracerBinding$HeaderReader",
        "io.github.httptrace.core.TracerBinding$HeaderWriter",
        "io.github.httptrace.core.TracerBinding$Scope",
        "io.github.httptrace.core.TracerBinding$Span"),
        PublicTypes.of(Path.of("target", "classes")));
  }
}

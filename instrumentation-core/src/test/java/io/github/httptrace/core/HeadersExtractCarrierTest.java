package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentracing.SpanContext;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeadersExtractCarrier} lowercases names, reads values by original name, and extracts. */
class HeadersExtractCarrierTest {

  @Test
  void lowercasesNamesAndReadsValuesByOriginalName() {
    Map<String, String> headers = Map.of("TraceId", "1", "Content-Type", "text/plain");
    List<String> asked = new ArrayList<>();
    HeadersExtractCarrier carrier = new HeadersExtractCarrier(List.of("TraceId", "Content-Type").iterator(),
        name -> {
          asked.add(name);
          return headers.get(name);
        });

    List<Map.Entry<String, String>> entries = new ArrayList<>();
    carrier.iterator().forEachRemaining(entries::add);

    assertEquals(List.of(new SimpleImmutableEntry<>("traceid", "1"),
        new SimpleImmutableEntry<>("content-type", "text/plain")), entries);
    assertEquals(List.of("TraceId", "Content-Type"), asked);
  }

  @Test
  void putIsUnsupported() {
    HeadersExtractCarrier carrier = new HeadersExtractCarrier(List.<String>of().iterator(), name -> null);
    assertThrows(UnsupportedOperationException.class, () -> carrier.put("a", "b"));
  }

  @Test
  void mockTracerExtractsUpperCaseHeaders() {
    MockTracer tracer = new MockTracer();
    MockSpan span = tracer.buildSpan("op").start();
    HeadersInjectCarrier injected = new HeadersInjectCarrier();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, injected);
    Map<String, String> upper = new LinkedHashMap<>();
    injected.headers().forEach((name, value) -> upper.put(name.toUpperCase(Locale.ROOT), value));

    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS,
        new HeadersExtractCarrier(upper.keySet().iterator(), upper::get));

    assertNotNull(extracted);
    assertEquals(span.context().toTraceId(), extracted.toTraceId());
    assertEquals(span.context().toSpanId(), extracted.toSpanId());
  }
}

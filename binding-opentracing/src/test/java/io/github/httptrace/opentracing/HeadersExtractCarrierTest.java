package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httptrace.core.TracerBinding;
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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeadersExtractCarrier} lowercases names, reads values by original name, and extracts. */
class HeadersExtractCarrierTest {

  /** A reader over {@code headers} (in their order) that records the names it is asked for. */
  static TracerBinding.HeaderReader reader(Map<String, String> headers, List<String> asked) {
    return new TracerBinding.HeaderReader() {
      @Override
      public Iterable<String> names() {
        return headers.keySet();
      }

      @Override
      public String value(String name) {
        asked.add(name);
        return headers.get(name);
      }
    };
  }

  @Test
  void lowercasesNamesAndReadsValuesByOriginalName() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("TraceId", "1");
    headers.put("Content-Type", "text/plain");
    List<String> asked = new ArrayList<>();
    HeadersExtractCarrier carrier = new HeadersExtractCarrier(reader(headers, asked));

    List<Map.Entry<String, String>> entries = new ArrayList<>();
    carrier.iterator().forEachRemaining(entries::add);

    assertEquals(List.of(new SimpleImmutableEntry<>("traceid", "1"),
        new SimpleImmutableEntry<>("content-type", "text/plain")), entries);
    assertEquals(List.of("TraceId", "Content-Type"), asked);
  }

  @Test
  void putIsUnsupported() {
    HeadersExtractCarrier carrier = new HeadersExtractCarrier(reader(Map.of(), new ArrayList<>()));
    assertThrows(UnsupportedOperationException.class, () -> carrier.put("a", "b"));
  }

  @Test
  void mockTracerExtractsUpperCaseHeaders() {
    MockTracer tracer = new MockTracer();
    MockSpan span = tracer.buildSpan("op").start();
    Map<String, String> upper = new LinkedHashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS,
        new HeadersInjectCarrier((name, value) -> upper.put(name.toUpperCase(Locale.ROOT), value)));

    SpanContext extracted = tracer.extract(Format.Builtin.HTTP_HEADERS,
        new HeadersExtractCarrier(reader(upper, new ArrayList<>())));

    assertEquals(Set.of("TRACEID", "SPANID"), upper.keySet());
    assertNotNull(extracted);
    assertEquals(span.context().toTraceId(), extracted.toTraceId());
    assertEquals(span.context().toSpanId(), extracted.toSpanId());
  }
}

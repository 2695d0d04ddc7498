package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeadersInjectCarrier} hands each injected header to the core's writer, and only writes. */
class HeadersInjectCarrierTest {
  private final List<String> written = new ArrayList<>();
  private final HeadersInjectCarrier carrier =
      new HeadersInjectCarrier((name, value) -> written.add(name + "=" + value));

  @Test
  void eachPutIsWrittenInOrder() {
    carrier.put("traceid", "1");
    carrier.put("spanid", "2");
    carrier.put("traceid", "3");

    assertEquals(List.of("traceid=1", "spanid=2", "traceid=3"), written);
  }

  @Test
  void iteratorIsUnsupported() {
    assertThrows(UnsupportedOperationException.class, carrier::iterator);
  }
}

package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.servlet.TracingFilter;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real hop, client to servlet, both on the OpenTelemetry binding of one SDK, with W3C trace context or B3, and W3C
 * baggage: the server span is the child of the client attempt in the same trace, and the application inside sees
 * the server span current and the caller's baggage.
 */
class PropagationTest {
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"okhttp, w3c", "okhttp, b3", "httpclient, w3c", "httpclient, b3"})
  void theServerSpanIsTheChildOfTheAttemptAndTheBaggageArrives(String clientName, String propagation)
      throws Exception {
    try (OtelSdk otel = "b3".equals(propagation) ? OtelSdk.b3() : OtelSdk.w3c();
        JettyApp app = JettyApp.start(TracingFilter.with(OpenTelemetryBinding.of(otel.sdk)))) {
      Span checkout = otel.sdk.getTracer("app").spanBuilder("checkout").startSpan();
      Context caller = Context.current().with(checkout)
          .with(Baggage.builder().put("tenant", "t1").build());

      String body;
      try (Scope ignored = caller.makeCurrent()) {
        body = get(clientName, otel, app.url("/app/hello"));
      }
      checkout.end();

      assertEquals("200 ok", body);
      List<SpanData> spans = otel.awaitSpans(3);
      SpanText.write("propagation-" + clientName + "-" + propagation, spans);
      SpanData root = spans.get(0);
      SpanData client = spans.get(1);
      SpanData server = spans.get(2);
      assertEquals("checkout", root.getName());
      assertEquals(SpanKind.CLIENT, client.getKind());
      assertEquals(SpanKind.SERVER, server.getKind());
      assertEquals(root.getSpanId(), client.getParentSpanId());
      assertEquals(client.getSpanId(), server.getParentSpanId());
      assertEquals(root.getTraceId(), server.getTraceId());
      assertEquals(true, server.getParentSpanContext().isRemote());
      JettyApp.Inside inside = app.inside.get(0);
      assertEquals(server.getSpanContext(), inside.span().getSpanContext());
      assertEquals("t1", inside.tenant(), "the caller's baggage, current inside the application");
      if ("b3".equals(propagation)) {
        assertEquals(client.getTraceId(), inside.b3TraceId());
        assertNull(inside.traceparent());
      } else {
        assertEquals(OkHttpSpansTest.traceparent(client), inside.traceparent());
        assertNull(inside.b3TraceId());
      }
    }
  }

  private static String get(String clientName, OtelSdk otel, String url) throws Exception {
    if ("okhttp".equals(clientName)) {
      OkHttpClient client = OkHttpTracing.with(OpenTelemetryBinding.of(otel.sdk))
          .decorate(new OkHttpClient.Builder()).build();
      try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
        return response.code() + " " + response.body().string();
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    }
    try (CloseableHttpClient client = HttpClientTracing.with(OpenTelemetryBinding.of(otel.sdk))
        .decorate(HttpClients.custom()).build()) {
      return client.execute(new HttpGet(url),
          response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    }
  }
}
